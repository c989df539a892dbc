// Public types of the local AWS emulator: the options it starts with, the handle a test gets
// back, and the control surface tests use to shape what the fake services answer.

/** Lifetimes in seconds of everything the emulator issues. */
export interface Lifetimes {
	/** SSO-OIDC access token (CreateToken `expiresIn`). */
	accessToken: number;
	/** SSO-OIDC refresh token. */
	refreshToken: number;
	/** Role credentials from SSO GetRoleCredentials. */
	roleCredentials: number;
	/** STS AssumeRole when the caller gives no DurationSeconds. */
	assumeRoleDefault: number;
	/** Device code of StartDeviceAuthorization (`expiresIn`). */
	deviceCode: number;
	/** Client registration (RegisterClient `clientSecretExpiresAt`). */
	registration: number;
}

export interface EmulatorOptions {
	/** Interface to listen on; default 127.0.0.1. */
	host?: string;
	/** HTTP/1.1 listener (STS, SSO, SSO-OIDC, Bedrock control plane, admin, device page); 0 = free port (default). */
	port?: number;
	/** HTTP/2 cleartext listener for Bedrock Runtime; 0 = free port (default). */
	http2Port?: number;
	lifetimes?: Partial<Lifetimes>;
	/** Device flow `interval` in seconds (default 1 so tests stay fast). */
	pollIntervalSeconds?: number;
	/** The first N CreateToken polls of a device code answer authorization_pending, the next one succeeds. Undefined: never approve by itself. */
	autoApproveAfterPolls?: number;
	/** Characters per contentBlockDelta (default 12). */
	streamChunkChars?: number;
	/** Delay between deltas in ms (default 0). */
	streamDelayMs?: number;
	/** Request log: operation names and statuses only, never secrets. */
	log?: (line: string) => void;
	/**
	 * Serve over TLS with this PEM certificate and key (e.g. from test/support/tlsFixtures.ts): the
	 * HTTP/1.1 listener speaks HTTPS, the HTTP/2 one h2 over TLS (and HTTP/1.1 by ALPN), and the
	 * URLs in `env` are https://. Default: cleartext.
	 */
	tls?: { cert: string; key: string };
}

export interface Emulator {
	/** http://127.0.0.1:P (https:// with `tls`) — everything but Bedrock Runtime (which is also served here, over HTTP/1.1). */
	httpUrl: string;
	/** http://127.0.0.1:Q — Bedrock Runtime over cleartext HTTP/2, the way BedrockRuntimeClient talks (https:// and h2 over TLS with `tls`). */
	http2Url: string;
	/** 'us-east-1'; the emulator accepts any region in the SigV4 scope. */
	region: string;
	/** Environment a client needs: AWS_ENDPOINT_URL=httpUrl, AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http2Url. */
	env: Record<string, string>;
	control: EmulatorControl;
	stop(): Promise<void>;
}

export interface AccessKeyPair {
	accessKeyId: string;
	secretAccessKey: string;
}

export interface TemporaryKeys extends AccessKeyPair {
	sessionToken: string;
	expiration: Date;
}

export interface CreateAccessKeyOptions {
	/** IAM user name; default 'alice'. */
	userName?: string;
	/** Default '111111111111'. */
	accountId?: string;
}

export interface CreateTemporaryKeysOptions {
	/** Default 'BedrockUser'. */
	roleName?: string;
	/** Default '111111111111'. */
	accountId?: string;
	/** Default 'alice'. */
	sessionName?: string;
	/** Default 3600. */
	ttlSeconds?: number;
}

export interface ApplicationProfileOptions {
	name: string;
	/** A foundation model id or a system inference profile id. */
	modelId: string;
}

export interface ApplicationProfile {
	inferenceProfileId: string;
	inferenceProfileArn: string;
}

/** Operation names look like 'sso:GetRoleCredentials', 'sts:AssumeRole', 'oidc:CreateToken', 'bedrock:ConverseStream'; '*' matches all. */
export type OperationPattern = string;

/** Exception frames a ConverseStream can carry (`:exception-type`). */
export type StreamExceptionType =
	| 'throttlingException'
	| 'modelStreamErrorException'
	| 'validationException'
	| 'internalServerException'
	| 'serviceUnavailableException';

/** A tool call the fake model makes (see ScriptedReply). */
export interface ScriptedToolUse {
	name: string;
	/** The tool's input; default: a minimal object satisfying the tool's JSON schema. */
	input?: unknown;
	/** Default: a fresh `tooluse_…` id. */
	toolUseId?: string;
}

/**
 * One reply of the fake model, for setNextReplies (a plain string is `{text}`). Parts are
 * streamed in Bedrock's order: reasoning, text, tool calls.
 */
export interface ScriptedReply {
	text?: string;
	/** Calls these tools (the request needs a toolConfig naming them); stopReason `tool_use`. */
	toolUses?: ScriptedToolUse[];
	/** Reasoning text, streamed only when the request turns reasoning on (else dropped, as a model would not reason). */
	reasoning?: string;
	/** Reasoning the provider redacted: a `redactedContent` block instead of text and signature. */
	redactedReasoning?: boolean;
	/** The request's guardrail intervenes on the input or on this answer (needs guardrailConfig; blocked words do it too). */
	guardrail?: 'input' | 'output';
}

export interface CreateGuardrailOptions {
	/** Words (case-insensitive) that make the guardrail block the input, or an answer that contains them. */
	blockedWords?: string[];
	/** What the reply says instead when the input is blocked; default "Sorry, the model cannot answer this question." */
	blockedInputMessaging?: string;
	blockedOutputsMessaging?: string;
}

export interface Guardrail {
	guardrailIdentifier: string;
	guardrailArn: string;
	/** '1' (requests may also name 'DRAFT'). */
	guardrailVersion: string;
}

/** Simulated model speed, for latency benches (all default 0). */
export interface TokenDelays {
	/** ms per uncached input token (cache writes included) before the first delta: the prefill. */
	inputMs?: number;
	/** ms per input token read from the prompt cache, before the first delta. */
	cachedInputMs?: number;
	/** ms between output deltas (what the streamDelayMs option sets). */
	outputMs?: number;
}

export interface RecordedRequest {
	operation: string;
	method: string;
	path: string;
	headers: Record<string, string>;
	/** Query, form or JSON body parameters as the service read them. */
	params: Record<string, unknown>;
	/** Region of the SigV4 credential scope, when the call was signed. */
	region?: string;
	/** 'sigv4' | 'bearer' | 'sso-bearer' | 'none'. */
	auth: string;
	/** The key id that signed it (access key ids are not secret on their own, but are listed in issuedSecrets). */
	accessKeyId?: string;
	at: Date;
}

export interface DeviceAuthorizationView {
	userCode: string;
	status: 'pending' | 'approved' | 'denied' | 'consumed' | 'expired';
	polls: number;
	clientName: string;
}

export interface EmulatorControl {
	// Identities
	createAccessKey(options?: CreateAccessKeyOptions): AccessKeyPair;
	createTemporaryKeys(options?: CreateTemporaryKeysOptions): TemporaryKeys;
	createBedrockApiKey(): { token: string };
	createApplicationInferenceProfile(options: ApplicationProfileOptions): ApplicationProfile;
	/** A guardrail requests can name in guardrailConfig (it survives reset()). */
	createGuardrail(options?: CreateGuardrailOptions): Guardrail;

	// Device flow
	/** Approves the code with this user code, or the latest pending one. Returns the approved user code. */
	approveDeviceCode(userCode?: string): { userCode: string };
	/** The next CreateToken poll of a pending device code answers access_denied (and the code stays denied). */
	denyNextDeviceCode(): void;
	/** The next n device-code polls answer slow_down. */
	slowDownNextPolls(n: number): void;
	/** Every issued device code is expired now. */
	expireDeviceCodes(): void;
	deviceAuthorizations(): DeviceAuthorizationView[];

	// Tokens and credentials
	/** Every refresh token issued so far answers invalid_grant. */
	revokeRefreshTokens(): void;
	/** Access tokens, role credentials, assumed-role credentials and temporary keys expire now; AKIA keys and refresh tokens stay valid. */
	expireAllCredentials(): void;
	setLifetimes(lifetimes: Partial<Lifetimes>): void;

	// Faults (each for the next n matching calls)
	throttle(operation: OperationPattern, n?: number): void;
	failWith(operation: OperationPattern, status: number, n?: number): void;
	delay(operation: OperationPattern, ms: number, n?: number): void;
	/** Destroys the next n ConverseStream replies after `afterDeltas` deltas. */
	resetStream(n?: number, afterDeltas?: number): void;
	/** The next n ConverseStream replies carry an exception frame after `afterDeltas` deltas. */
	streamException(type: StreamExceptionType, n?: number, afterDeltas?: number): void;
	/** Offsets the server's clock by s seconds (SigV4 checks, expiries, the Date header). */
	clockSkewSeconds(seconds: number): void;
	clearFaults(): void;
	/** Between tests: clears faults, clock skew, queued replies, reply length, counters, recorded requests and the prompt cache, and restores the start delays. Identities, tokens and guardrails stay. */
	reset(): void;

	// Replies
	/** Queues exact replies: strings, or ScriptedReply objects with tool calls and reasoning. */
	setNextReplies(texts: Array<string | ScriptedReply>): void;
	/** Default replies become `words` words long; undefined restores the markdown reply. */
	setReplyLength(words: number | undefined): void;
	/** Per-token delays (omitted members keep their value); reset() restores the start options. */
	setTokenDelays(delays: TokenDelays): void;
	/** Every model caches prefixes from this many tokens (undefined: each model's own minimum, 1000–2048). */
	setCacheMinimumTokens(tokens: number | undefined): void;
	/** Every model's context window becomes this many tokens (undefined: each model's own, e.g. 200,000); reset() restores. */
	setContextWindow(tokens: number | undefined): void;

	// Observation
	counters(): Record<string, number>;
	resetCounters(): void;
	/** Every secret the emulator ever issued (tokens, secrets, keys, key ids, device codes, API keys). */
	issuedSecrets(): string[];
	lastRequest(operation: string): RecordedRequest | undefined;
}
