// The only place that creates AWS SDK clients. Endpoints come from the SDK's own handling of
// AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>; the auth scheme is pinned so an ambient
// AWS_BEARER_TOKEN_* variable can never switch a client to bearer auth.
import { STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import { SSOClient } from '@aws-sdk/client-sso';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import type { OidcClientPort } from './sso/oidcPort';

/** Requests to the identity services must not hang forever on a dead network. */
const REQUEST_TIMEOUT_MS = 30_000;
const CONNECTION_TIMEOUT_MS = 10_000;

const SIGV4_ONLY = ['sigv4'];

export function createStsClient(region: string, credentials: STSClientConfig['credentials']): STSClient {
	return new STSClient({
		region,
		credentials,
		authSchemePreference: SIGV4_ONLY,
		requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: CONNECTION_TIMEOUT_MS },
	});
}

/** The SSO portal (ListAccounts, GetRoleCredentials…) in the Identity Center region. Unsigned: bearer in a header. */
export function createSsoClient(ssoRegion: string): SSOClient {
	return new SSOClient({
		region: ssoRegion,
		authSchemePreference: SIGV4_ONLY,
		requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: CONNECTION_TIMEOUT_MS },
	});
}

export function createOidcClient(ssoRegion: string): SSOOIDCClient {
	return new SSOOIDCClient({
		region: ssoRegion,
		authSchemePreference: SIGV4_ONLY,
		requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: CONNECTION_TIMEOUT_MS },
	});
}

/** Adapts SSOOIDCClient to the port the device flow and token manager are written against. */
export function createOidcPort(ssoRegion: string): OidcClientPort & { destroy(): void } {
	const client = createOidcClient(ssoRegion);
	return {
		async registerClient(input, signal) {
			const out = await client.send(
				new RegisterClientCommand({ clientName: input.clientName, clientType: input.clientType, scopes: input.scopes }),
				{ abortSignal: signal },
			);
			return {
				clientId: required(out.clientId, 'clientId'),
				clientSecret: required(out.clientSecret, 'clientSecret'),
				...(out.clientSecretExpiresAt ? { clientSecretExpiresAt: out.clientSecretExpiresAt } : {}),
			};
		},
		async startDeviceAuthorization(input, signal) {
			const out = await client.send(new StartDeviceAuthorizationCommand(input), { abortSignal: signal });
			const verificationUri = required(out.verificationUri, 'verificationUri');
			return {
				deviceCode: required(out.deviceCode, 'deviceCode'),
				userCode: required(out.userCode, 'userCode'),
				verificationUri,
				verificationUriComplete: out.verificationUriComplete ?? verificationUri,
				expiresIn: out.expiresIn ?? 600,
				...(out.interval ? { interval: out.interval } : {}),
			};
		},
		async createToken(input, signal) {
			const out = await client.send(new CreateTokenCommand(input), { abortSignal: signal });
			return {
				accessToken: required(out.accessToken, 'accessToken'),
				expiresIn: out.expiresIn ?? 3600,
				...(out.refreshToken ? { refreshToken: out.refreshToken } : {}),
			};
		},
		destroy: () => client.destroy(),
	};
}

function required<T>(value: T | undefined, field: string): T {
	if (value === undefined || value === null) {
		throw new Error(`IAM Identity Center answered without ${field}.`);
	}
	return value;
}
