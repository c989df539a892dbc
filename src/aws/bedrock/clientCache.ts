// Bedrock SDK clients, one runtime and one control-plane client per region, created on first
// use and kept. They sign with the connection's own provider so they never need rebuilding.

import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { AwsCredentials, RefreshingCredentialProvider, Connection } from '../engineTypes';
import { PerRegion } from '../perRegion';

/**
 * The SDK memoizes identities (@smithy/core memoizeIdentityProvider) and asks its provider again
 * only once `expiration` is less than five minutes away. After we force a refresh because AWS
 * rejected the keys, a client holding its memoized copy would keep signing with the revoked ones
 * until they neared expiry. So the client gets a thin provider that reports an expiration inside
 * that window: the SDK then asks on every request, and our connection provider stays the one cache
 * (it answers from memory, shares in-flight refreshes, and refreshes ahead of the real expiry).
 */
export const SDK_IDENTITY_REFRESH_WINDOW_MS = 5 * 60_000;
const REPORTED_LIFETIME_MS = SDK_IDENTITY_REFRESH_WINDOW_MS - 60_000;

export function alwaysAskCredentials(
	provider: RefreshingCredentialProvider,
	now: () => number = Date.now,
): () => Promise<AwsCredentials> {
	// The SDK's own options (callerClientConfig…) are deliberately not passed on: forcing a
	// refresh is our decision, made once per expired-token error in the service.
	return async () => {
		const credentials = await provider();
		const cap = now() + REPORTED_LIFETIME_MS;
		return credentials.expiration.getTime() > cap ? { ...credentials, expiration: new Date(cap) } : credentials;
	};
}

export function alwaysAskToken(
	provider: NonNullable<Connection['bearerToken']>,
	now: () => number = Date.now,
): () => Promise<{ token: string; expiration: Date }> {
	// Without an expiration the SDK would treat the token as constant for the client's life.
	return async () => {
		const { token, expiration } = await provider();
		const cap = now() + REPORTED_LIFETIME_MS;
		return { token, expiration: expiration && expiration.getTime() <= cap ? expiration : new Date(cap) };
	};
}

export type AuthMode = 'sigv4' | 'bearer';

export function authModeOf(connection: Connection): AuthMode {
	return connection.bearerToken ? 'bearer' : 'sigv4';
}

/**
 * Client settings shared by both clients. The auth scheme is always explicit: with no
 * preference, an ambient AWS_BEARER_TOKEN_BEDROCK silently switches the SDK to bearer auth.
 * Endpoints are left to the SDK, which honours AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_BEDROCK*.
 */
function authConfig(connection: Connection) {
	if (connection.bearerToken) {
		return { authSchemePreference: ['httpBearerAuth'], token: alwaysAskToken(connection.bearerToken) };
	}
	return { authSchemePreference: ['sigv4'], credentials: alwaysAskCredentials(connection.credentials) };
}

export class BedrockClientCache {
	private readonly runtimeClients: PerRegion<BedrockRuntimeClient>;
	private readonly controlClients: PerRegion<BedrockClient>;

	constructor(connection: Connection) {
		this.runtimeClients = new PerRegion((region) => new BedrockRuntimeClient({ region, ...authConfig(connection) }));
		this.controlClients = new PerRegion((region) => new BedrockClient({ region, ...authConfig(connection) }));
	}

	runtime(region: string): BedrockRuntimeClient {
		return this.runtimeClients.get(region);
	}

	control(region: string): BedrockClient {
		return this.controlClients.get(region);
	}

	dispose(): void {
		this.runtimeClients.dispose();
		this.controlClients.dispose();
	}
}
