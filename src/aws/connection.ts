// A live sign-in: the refreshing credential provider for the chosen source, the identity
// behind it, what the UI shows about expiry, and change events for the status bar.
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentials, Identity, Connection, ConnectionExpiry, SignInSpec } from './engineTypes';
import type { Clock, Logger } from './ports';
import { BedrockConnectError, isBedrockConnectError } from './errors';
import { getCallerIdentity } from './identity';
import { createRefreshingProvider, type CredentialSource, type RefreshingProviderHandle } from './refreshingProvider';
import { retryAfterRefresh } from './retryAfterRefresh';
import { resolveNetworkSettings, type NetworkSettings } from './network';
import { createStsClient } from './sdkClients';

/** What a sign-in method contributes besides its credentials. */
export interface SourceTraits {
	/** Whether new credentials can be had without asking the user (given no terminal failure so far). */
	canRefreshSilently(): boolean;
	/** When silent refresh stops working, if known. */
	signInExpiresAt(): Date | undefined;
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
}

/** Codes after which nothing but the user can bring credentials back. */
const TERMINAL_CODES = new Set(['SignInRequired', 'SsoSignInExpired', 'ProfileNotFound', 'InvalidConfig', 'CredentialProcessFailed', 'MfaRequired', 'AccessDenied', 'InvalidInput']);

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
	const handle: RefreshingProviderHandle = createRefreshingProvider({
		source: init.source,
		clock: init.clock,
		logger: init.logger,
		label: init.label,
		onDidChange: fire,
	});
	const unsubscribeTraits = init.traits.onDidChange?.(fire);
	let sts: STSClient | undefined;
	let disposed = false;
	const network = init.network ?? (() => resolveNetworkSettings({ env: process.env }));

	const getIdentity = async (): Promise<Identity> => {
		if (init.traits.identity) {
			return init.traits.identity();
		}
		const newSts = (): STSClient => createStsClient(init.region, (options?: { forceRefresh?: boolean }) => handle.provider(options), network);
		let client = (sts ??= newSts());
		return retryAfterRefresh({
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
	};

	const expiry = (): ConnectionExpiry => {
		const state = handle.state();
		const terminal = isBedrockConnectError(state.lastError) && TERMINAL_CODES.has(state.lastError.code);
		const credentialsExpireAt = state.synthetic ? undefined : state.credentials?.expiration;
		const signInExpiresAt = init.traits.signInExpiresAt();
		return {
			...(credentialsExpireAt ? { credentialsExpireAt } : {}),
			canRefreshSilently: !terminal && init.traits.canRefreshSilently(),
			...(signInExpiresAt ? { signInExpiresAt } : {}),
		};
	};

	const credentials = async (options?: { forceRefresh?: boolean }): Promise<AwsCredentials> => {
		if (disposed) {
			throw new BedrockConnectError('SignInRequired', 'This sign-in has ended.', { action: 'Sign in again.' });
		}
		return handle.provider(options);
	};

	return {
		spec: init.spec,
		region: init.region,
		credentials,
		network,
		...(init.traits.bearerToken ? { bearerToken: init.traits.bearerToken } : {}),
		getIdentity,
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
