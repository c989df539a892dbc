// Bedrock SDK clients, one runtime and one control-plane client per region and network settings,
// created on first use and kept. They sign with the connection's own provider so they never need
// rebuilding for credentials; changed network settings (CA bundle, proxy) get new clients.

import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { AwsCredentials, RefreshingCredentialProvider, Connection } from '../engineTypes';
import { networkProblem } from '../errorMapping';
import { BEDROCK_RUNTIME_SERVICE, endpointFor, http2HandlerFor, resolveNetworkSettings, type NetworkSettings } from '../network';
import { requestHandlerFor } from '../sdkClients';

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

/** One client per key (region + network settings), destroyed together. */
class KeyedClients<T extends { destroy(): void }> {
	private readonly clients = new Map<string, T>();

	get(key: string, create: () => T): T {
		let client = this.clients.get(key);
		if (!client) {
			client = create();
			this.clients.set(key, client);
		}
		return client;
	}

	dispose(): void {
		for (const client of this.clients.values()) {
			client.destroy();
		}
		this.clients.clear();
	}
}

/** Bedrock Runtime over HTTP/2 unless a proxy is in the way; an unusable CA bundle becomes a clear error. */
function runtimeHandlerFor(region: string, settings: NetworkSettings) {
	try {
		return http2HandlerFor(endpointFor(BEDROCK_RUNTIME_SERVICE, region, process.env), settings);
	} catch (error) {
		throw networkProblem(error, settings) ?? error;
	}
}

export class BedrockClientCache {
	private readonly runtimeClients = new KeyedClients<BedrockRuntimeClient>();
	private readonly controlClients = new KeyedClients<BedrockClient>();
	private readonly network: () => NetworkSettings;

	constructor(private readonly connection: Connection) {
		this.network = connection.network ?? (() => resolveNetworkSettings({ env: process.env }));
	}

	/** The settings now, for the key and for error messages. */
	networkSettings(): NetworkSettings {
		return this.network();
	}

	runtime(region: string): BedrockRuntimeClient {
		const settings = this.network();
		return this.runtimeClients.get(`${region}\n${JSON.stringify(settings)}`, () =>
			new BedrockRuntimeClient({ region, ...authConfig(this.connection), requestHandler: runtimeHandlerFor(region, settings) }),
		);
	}

	control(region: string): BedrockClient {
		const settings = this.network();
		return this.controlClients.get(`${region}\n${JSON.stringify(settings)}`, () =>
			new BedrockClient({ region, ...authConfig(this.connection), requestHandler: requestHandlerFor(settings) }),
		);
	}

	dispose(): void {
		this.runtimeClients.dispose();
		this.controlClients.dispose();
	}
}
