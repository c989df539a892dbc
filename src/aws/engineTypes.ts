// The engine's public surface, as types only. The VS Code layer imports these with
// `import type` and gets the implementation from the lazily loaded dist/engine.js
// (src/aws/engine.ts exports `createEngine`), so the AWS SDK stays off the activation path.

import type { LoginCacheSummary } from './login/loginCache';
import type { NetworkSettings, VsCodeHttpSettings } from './network';
import type { Clock, Logger, SecretStore } from './ports';

export interface AwsCredentials {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
	/** Always set: static keys get a synthetic one so keys rotated on disk are re-read. */
	expiration: Date;
}

/**
 * A credential provider every AWS client is given. Refreshes ahead of expiry, shares one
 * in-flight refresh among concurrent callers; `forceRefresh` skips the cache (used once
 * after an expired-token error). Throws BedrockConnectError('SignInRequired') only when
 * no refresh is possible without the user.
 */
export type RefreshingCredentialProvider = (options?: { forceRefresh?: boolean }) => Promise<AwsCredentials>;

/** How the user signed in. Persisted (non-secret fields only) so a reload restores it. */
export type SignInSpec =
	| { method: 'sso'; startUrl: string; ssoRegion: string; accountId: string; roleName: string; accountName?: string }
	| { method: 'profile'; profile: string }
	| { method: 'environment' }
	| { method: 'accessKeys' } // the keys themselves are in the SecretStore
	| {
			method: 'assumeRole';
			base: Exclude<SignInSpec, { method: 'assumeRole' } | { method: 'bedrockApiKey' }>;
			roleArn: string;
			externalId?: string;
			roleSessionName?: string;
			durationSeconds?: number;
			mfaSerial?: string;
	  }
	| { method: 'bedrockApiKey' } // bearer token for Bedrock only; in the SecretStore
	| { method: 'defaultChain' };

export type SignInMethod = SignInSpec['method'];

export type PrincipalKind = 'iamUser' | 'assumedRole' | 'ssoPermissionSet' | 'federatedUser' | 'root' | 'unknown';

export interface Principal {
	kind: PrincipalKind;
	partition: string;
	accountId: string;
	/** Role session name, IAM user name, federated user name, or "root". */
	name: string;
	/** Role name (for SSO, the permission-set name) when the principal is a role. */
	roleName?: string;
	path?: string;
}

export interface Identity {
	arn: string;
	userId: string;
	accountId: string;
	principal: Principal;
}

export interface ConnectionExpiry {
	/** When the current credentials stop working (undefined: unknown / never). */
	credentialsExpireAt?: Date;
	/** True when new credentials can be obtained without the user (SSO refresh, profile re-read, chain). */
	canRefreshSilently: boolean;
	/** When silent refresh will stop working (SSO refresh token / session end), if known. */
	signInExpiresAt?: Date;
	/** The last background renewal of the sign-in (its SSO token) that failed; it is retried, and a success clears it. */
	lastRefreshFailure?: RefreshFailure;
}

/** Why and when a renewal failed, in plain words (no token in it). */
export interface RefreshFailure {
	reason: string;
	at: Date;
}

/** The allowed-roles/accounts policy (bedrockConnect.allowedRoles / allowedAccounts). */
export interface AccessPolicy {
	allowedRoles: string[];
	allowedAccounts: string[];
}

export interface ConnectionOptions {
	/**
	 * Read whenever a refresh brings keys of a source that can change (profile, environment,
	 * default chain): the new identity is checked against it before the keys are served.
	 */
	policy?: () => AccessPolicy;
}

/** A live sign-in: credentials that keep themselves fresh plus what the UI shows about them. */
export interface Connection {
	readonly spec: SignInSpec;
	readonly region: string;
	readonly credentials: RefreshingCredentialProvider;
	/** The CA bundle and proxy its clients use (with the profile's ca_bundle, for a profile sign-in). */
	readonly network?: () => NetworkSettings;
	/** For method 'bedrockApiKey': the bearer token provider; absent otherwise. */
	readonly bearerToken?: () => Promise<{ token: string; expiration?: Date }>;
	getIdentity(): Promise<Identity>;
	/** The identity signing requests now, as last confirmed with STS (undefined before getIdentity, and for a Bedrock API key). */
	currentIdentity?(): Identity | undefined;
	/** Set once a refresh brought an identity the policy refuses: from then on the Connection serves no credentials. */
	refusal?(): Error | undefined;
	expiry(): ConnectionExpiry;
	/** Called whenever credentials were refreshed or became unavailable. Returns an unsubscribe function. */
	onDidChange(listener: () => void): () => void;
	dispose(): void;
}

export interface DeviceCodeInfo {
	userCode: string;
	verificationUri: string;
	verificationUriComplete: string;
	expiresAt: Date;
}

/**
 * How an IAM Identity Center sign-in runs: `device` (a code approved on any device), `pkce`
 * (authorization code + PKCE through a 127.0.0.1 listener), or `pkceOrDevice` (PKCE, and the
 * device code when no loopback port can be opened).
 */
export type SsoSignInFlow = 'device' | 'pkce' | 'pkceOrDevice';

export interface SsoSignInParams {
	startUrl: string;
	ssoRegion: string;
	signal: AbortSignal;
	onDeviceCode: (info: DeviceCodeInfo) => void;
	/** Default `device`. */
	flow?: SsoSignInFlow;
	/** Opens the authorization page (PKCE); resolves false when the browser could not be opened. Required for PKCE. */
	openBrowser?: (authorizationUrl: string) => Promise<boolean>;
	/** The authorization page's address, once the loopback listener waits for the browser (PKCE). */
	onAuthorizationUrl?: (authorizationUrl: string) => void;
	/** How long the browser has to answer (PKCE). Default 10 minutes. */
	authorizationTimeoutMs?: number;
}

export interface SsoAccount {
	accountId: string;
	accountName?: string;
	emailAddress?: string;
}

export type ProfileKind =
	| 'staticKeys'
	| 'ssoSession'
	| 'ssoLegacy'
	| 'assumeRole'
	| 'credentialSource'
	| 'credentialProcess'
	| 'webIdentity'
	| 'loginSession'
	| 'unknown';

export interface ProfileSummary {
	name: string;
	kind: ProfileKind;
	region?: string;
	/** Where it came from: 'config', 'credentials' or both. */
	files: Array<'config' | 'credentials'>;
	/** For SSO profiles: the start URL and sso region (not secret). */
	ssoStartUrl?: string;
	ssoRegion?: string;
	ssoSessionName?: string;
	roleArn?: string;
	sourceProfile?: string;
	mfaSerial?: string;
}

export type DiagnosisSeverity = 'ok' | 'info' | 'warning' | 'error';

export interface DiagnosisFinding {
	source: string; // e.g. "Environment variables", "Profile 'dev'", "SSO cache"
	severity: DiagnosisSeverity;
	summary: string; // what was found (secrets masked to their first 4 characters)
	fix?: string; // what to do about it
}

export interface DiagnosisReport {
	findings: DiagnosisFinding[];
}

/**
 * Asks the user for a code of the MFA device (a VS Code input box). `retry.reason` says why
 * the last code was refused, when it is asked again. Cancelling rejects with a Cancelled error.
 */
export type MfaCodePrompt = (mfaSerial: string, retry?: { reason: string }) => Promise<string>;

export interface EngineDeps {
	secrets: SecretStore;
	logger: Logger;
	clock?: Clock;
	/** Defaults to process.env; read on each use, never cached. */
	env?: NodeJS.ProcessEnv;
	/** Asks the user for an MFA code (VS Code input box). */
	promptMfaCode?: MfaCodePrompt;
	/** bedrockConnect.mfa.sessionDurationHours (read when an MFA session is made). Default 12. */
	mfaSessionDurationHours?: () => number | undefined;
	/** Opt-in: also write the SSO token to ~/.aws/sso/cache in the CLI's format. Default false; a function is read on each write. */
	shareSsoTokenWithCli?: boolean | (() => boolean);
	/** Time limit for a profile's credential_process. Default 60 s. */
	credentialProcessTimeoutMs?: number;
	/** VS Code's http.proxy / http.proxyStrictSSL / http.noProxy, as plain data (update with setHttpSettings). */
	httpSettings?: VsCodeHttpSettings;
}

export interface PastedAccessKeys {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
	expiration?: Date;
}

/** A login_session profile as the AWS CLI's login cache has it (no secret in it). */
export interface ConsoleSessionState {
	profile: string;
	configFile: string;
	/** Undefined: the profile does not exist or has no login_session. */
	loginSession?: string;
	cache?: LoginCacheSummary;
}

/** Console credentials (`aws login`): read-only views of the CLI's login cache, and the CLI that signs in. */
export interface ConsoleLoginService {
	state(profile: string): Promise<ConsoleSessionState>;
	/** The AWS CLI on PATH (`aws --version`): its version ("2.32.3", undefined when none answers) and whether it has `aws login` (≥ 2.32). */
	cli(): Promise<{ version?: string; supportsLogin: boolean; installUrl: string }>;
	/** `aws login --profile NAME` (with `--remote` for a remote window); throws for a name that is not safe on a command line. */
	loginCommandLine(profile: string, remote: boolean): string;
	/** Resolves once the profile's cache holds a usable sign-in other than `before` (a fingerprint from state()); polls, never writes. */
	waitForNewSession(profile: string, before: string | undefined, signal: AbortSignal): Promise<ConsoleSessionState>;
	/**
	 * Watches the login cache (fs.watch plus a slow poll) and calls back once per new sign-in of
	 * the profile that arrives by itself (`aws login` run outside VS Code); not for the SDK's
	 * refreshes, nor for a sign-in a waitForNewSession is waiting for. Dispose to stop.
	 */
	followSession?(profile: string, onNewSession: (state: ConsoleSessionState) => void): { dispose(): void };
}

export interface Engine {
	/** Console credentials (`aws login` profiles). */
	consoleLogin?: ConsoleLoginService;
	/** Runs the device-authorization or authorization-code flow; stores the token in the SecretStore. */
	signInWithSso(params: SsoSignInParams): Promise<void>;
	/** True when a usable (or refreshable) SSO token for this start URL is stored or in the CLI cache. */
	hasSsoToken(startUrl: string, ssoRegion: string): Promise<boolean>;
	listSsoAccounts(startUrl: string, ssoRegion: string): Promise<SsoAccount[]>;
	listSsoRoles(startUrl: string, ssoRegion: string, accountId: string): Promise<string[]>;
	/** SSO Logout + delete the stored token and registration. */
	signOutSso(startUrl: string, ssoRegion: string): Promise<void>;
	/**
	 * Every IAM Identity Center whose token of ours `spec` rests on: an SSO sign-in's, an assumed
	 * role's base's, and an SSO profile's (sso-session or legacy, and those of its source_profile chain).
	 */
	ssoTargetsOf(spec: SignInSpec): Promise<Array<{ startUrl: string; ssoRegion: string }>>;

	listProfiles(): Promise<ProfileSummary[]>;
	saveAccessKeys(keys: PastedAccessKeys): Promise<void>;
	deleteAccessKeys(): Promise<void>;
	saveBedrockApiKey(token: string): Promise<void>;
	deleteBedrockApiKey(): Promise<void>;

	/** Region resolution: explicit setting, then the profile's, then AWS_REGION/AWS_DEFAULT_REGION, then us-east-1. */
	resolveRegion(spec: SignInSpec, configured?: string): Promise<string>;
	openConnection(spec: SignInSpec, region: string, options?: ConnectionOptions): Connection;
	/** Throws PolicyRefused with the reason when the identity is not allowed. */
	checkPolicy(identity: Identity, policy: AccessPolicy): void;

	diagnose(): Promise<DiagnosisReport>;
	/** Sign-out: forgets every MFA session (memory and SecretStore), so the next role asks for a code again. */
	forgetMfaSessions?(): Promise<void>;
	/** VS Code's http.* settings changed: clients made from now on use them (cached ones are rebuilt). */
	setHttpSettings?(settings: VsCodeHttpSettings): void;
	/** The network settings, one line each, without proxy credentials (for the log). */
	describeNetwork?(): string[];
	dispose(): void;
}
