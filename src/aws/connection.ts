// A live sign-in: the refreshing credential provider for the chosen source, the identity
// behind it, what the UI shows about expiry, and change events for the status bar.
import type { STSClient } from '@aws-sdk/client-sts';
import type { AccessPolicy, AwsCredentials, Identity, Connection, ConnectionExpiry, RefreshFailure, SignInMethod, SignInSpec } from './engineTypes';
import type { Clock, Logger } from './ports';
import { BedrockConnectError, isBedrockConnectError } from './errors';
import { checkPolicy, getCallerIdentity } from './identity';
import { createRefreshingProvider, type CredentialSource, type RefreshingProviderHandle, type SourcedCredentials } from './refreshingProvider';
import { retryAfterRefresh } from './retryAfterRefresh';
import { resolveNetworkSettings, type NetworkSettings } from './network';
import { createStsClient } from './sdkClients';

/** What a sign-in method contributes besides its credentials. */
export interface SourceTraits {
	/** Whether new credentials can be had without asking the user (given no terminal failure so far). */
	canRefreshSilently(): boolean;
	/** When silent refresh stops working, if known. */
	signInExpiresAt(): Date | undefined;
	/** The last failed background renewal the sign-in rests on (an SSO token's), while it is retried. */
	lastRefreshFailure?(): RefreshFailure | undefined;
	/** Subscribes to outside changes (SSO token renewed or lost). */
	onDidChange?(listener: () => void): () => void;
	bearerToken?: () => Promise<{ token: string; expiration?: Date }>;
	/** Replaces STS GetCallerIdentity (a Bedrock API key has no identity: it throws). */
	identity?: () => Identity;
}

export interface ConnectionInit {
	spec: SignInSpec;
	region: string;
	source: CredentialSource;
	traits: SourceTraits;
	clock: Clock;
	logger: Logger;
	label: string;
	/** The CA bundle and proxy for this connection's clients (the engine's); default: from process.env only. */
	network?: () => NetworkSettings;
	/** Checked whenever a refresh of a source that can change brings other keys (see IDENTITY_CAN_CHANGE). */
	policy?: () => AccessPolicy;
}

/**
 * Methods whose source is re-read and may come back as someone else: a profile (its keys,
 * sso_account_id or role_arn edited on disk, a credential_process), the environment, the
 * default chain. SSO, an assumed role and pasted keys name their identity in the spec.
 */
const IDENTITY_CAN_CHANGE: ReadonlySet<SignInMethod> = new Set(['profile', 'environment', 'defaultChain']);

/** Codes after which nothing but the user can bring credentials back. */
const TERMINAL_CODES = new Set(['PolicyRefused', 'SignInRequired', 'SsoSignInExpired', 'ConsoleSessionEnded', 'ProfileNotFound', 'InvalidConfig', 'CredentialProcessFailed', 'MfaRequired', 'AccessDenied', 'InvalidInput']);

export function createConnection(init: ConnectionInit): Connection {
	const listeners = new Set<() => void>();
	const fire = (): void => {
		for (const listener of [...listeners]) {
			try {
				listener();
			} catch (error) {
				init.logger.warn(`[session] change listener failed: ${String(error)}`);
			}
		}
	};
	const network = init.network ?? (() => resolveNetworkSettings({ env: process.env }));
	/** The identity last confirmed, and the access key it was confirmed with. */
	let confirmed: { identity: Identity; accessKeyId: string | undefined } | undefined;
	let refused: BedrockConnectError | undefined;
	/** Who these keys are: STS GetCallerIdentity signed with exactly them, in the Connection's region. */
	const identityOf = async (credentials: SourcedCredentials): Promise<Identity> => {
		const client = createStsClient(init.region, credentials, network);
		try {
			return await getCallerIdentity(client);
		} finally {
			client.destroy();
		}
	};

	/**
	 * The source, plus: keys that differ from the confirmed identity's are asked who they are
	 * before anyone gets them, and refused (for good) when the policy does not allow that identity.
	 */
	const verifiedSource: CredentialSource = async () => {
		const sourced = await init.source();
		if (refused) {
			throw refused;
		}
		if (!confirmed || !IDENTITY_CAN_CHANGE.has(init.spec.method) || sourced.accessKeyId === confirmed.accessKeyId) {
			return sourced;
		}
		const identity = await identityOf(sourced);
		const policy = init.policy?.();
		if (policy) {
			try {
				checkPolicy(identity, policy);
			} catch (error) {
				refused = isBedrockConnectError(error) ? error : new BedrockConnectError('PolicyRefused', String(error));
				init.logger.warn(`[session] the refreshed credentials belong to ${identity.arn}, which the policy refuses; this sign-in ends`);
				throw refused;
			}
		}
		if (identity.arn !== confirmed.identity.arn) {
			init.logger.info(`[session] the source now signs as ${identity.arn} (was ${confirmed.identity.arn})`);
		}
		confirmed = { identity, accessKeyId: sourced.accessKeyId };
		return sourced;
	};

	const handle: RefreshingProviderHandle = createRefreshingProvider({
		source: verifiedSource,
		clock: init.clock,
		logger: init.logger,
		label: init.label,
		onDidChange: fire,
	});
	const unsubscribeTraits = init.traits.onDidChange?.(fire);
	let sts: STSClient | undefined;
	let disposed = false;

	const getIdentity = async (): Promise<Identity> => {
		if (refused) {
			throw refused;
		}
		if (init.traits.identity) {
			return init.traits.identity();
		}
		const newSts = (): STSClient => createStsClient(init.region, (options?: { forceRefresh?: boolean }) => handle.provider(options), network);
		let client = (sts ??= newSts());
		const identity = await retryAfterRefresh({
			call: () => getCallerIdentity(client),
			// Credentials the server already considers expired: refresh once, then ask again.
			isStale: (error) => isBedrockConnectError(error) && error.code === 'SignInRequired' && !disposed,
			refresh: async () => {
				await handle.provider({ forceRefresh: true });
				const fresh = newSts();
				client.destroy();
				sts = client = fresh;
			},
		});
		confirmed = { identity, accessKeyId: handle.state().credentials?.accessKeyId };
		return identity;
	};

	const expiry = (): ConnectionExpiry => {
		const state = handle.state();
		const terminal = isBedrockConnectError(state.lastError) && TERMINAL_CODES.has(state.lastError.code);
		const credentialsExpireAt = state.synthetic ? undefined : state.credentials?.expiration;
		const signInExpiresAt = init.traits.signInExpiresAt();
		const lastRefreshFailure = init.traits.lastRefreshFailure?.();
		return {
			...(credentialsExpireAt ? { credentialsExpireAt } : {}),
			canRefreshSilently: !terminal && init.traits.canRefreshSilently(),
			...(signInExpiresAt ? { signInExpiresAt } : {}),
			...(lastRefreshFailure ? { lastRefreshFailure } : {}),
		};
	};

	const credentials = async (options?: { forceRefresh?: boolean }): Promise<AwsCredentials> => {
		if (disposed) {
			throw new BedrockConnectError('SignInRequired', 'This sign-in has ended.', { action: 'Sign in again.' });
		}
		if (refused) {
			throw refused;
		}
		const served = await handle.provider(options);
		// A refused refresh may leave older, still valid keys cached: they are not served either.
		if (refused) {
			throw refused;
		}
		return served;
	};

	return {
		spec: init.spec,
		region: init.region,
		credentials,
		network,
		...(init.traits.bearerToken ? { bearerToken: init.traits.bearerToken } : {}),
		getIdentity,
		currentIdentity: () => confirmed?.identity,
		refusal: () => refused,
		expiry,
		onDidChange(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		dispose() {
			disposed = true;
			handle.invalidate();
			unsubscribeTraits?.();
			listeners.clear();
			sts?.destroy();
		},
	};
}
