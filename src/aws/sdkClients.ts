// The only place that creates AWS SDK clients. Endpoints come from the SDK's own handling of
// AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE>; the auth scheme is pinned so an ambient
// AWS_BEARER_TOKEN_* variable can never switch a client to bearer auth. Every client gets its own
// request handler with the CA bundle and proxy of the network settings (client.destroy() closes it).
import { STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import { SSOClient } from '@aws-sdk/client-sso';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { getEndpointFromInstructions } from '@smithy/core/endpoints';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { networkProblem } from './errorMapping';
import { httpHandlerFor, LazyHttpHandler, type HandlerTimeouts, type NetworkSettings } from './network';
import type { OidcClientPort } from './sso/oidcPort';

/** Requests to the identity services must not hang forever on a dead network. */
const REQUEST_TIMEOUT_MS = 30_000;
const CONNECTION_TIMEOUT_MS = 10_000;

const SIGV4_ONLY = ['sigv4'];

const IDENTITY_TIMEOUTS: HandlerTimeouts = { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: CONNECTION_TIMEOUT_MS };

/**
 * httpHandlerFor, with an unusable CA bundle (the factories throw CaBundleError synchronously)
 * turned into a BedrockConnectError that names the file and its problem.
 */
export function requestHandlerFor(settings: NetworkSettings, timeouts: HandlerTimeouts = {}): NodeHttpHandler {
	try {
		return httpHandlerFor(settings, timeouts);
	} catch (error) {
		throw networkProblem(error, settings) ?? error;
	}
}

/** The network settings are read per request (see LazyHttpHandler): a getter, or fixed settings. */
export type NetworkInput = NetworkSettings | (() => NetworkSettings);

function identityHandler(network: NetworkInput): LazyHttpHandler {
	const settings = typeof network === 'function' ? network : () => network;
	return new LazyHttpHandler(settings, (current) => requestHandlerFor(current, IDENTITY_TIMEOUTS));
}

export function createStsClient(region: string, credentials: STSClientConfig['credentials'], network: NetworkInput): STSClient {
	return new STSClient({
		region,
		credentials,
		authSchemePreference: SIGV4_ONLY,
		requestHandler: identityHandler(network),
	});
}

/** The SSO portal (ListAccounts, GetRoleCredentials…) in the Identity Center region. Unsigned: bearer in a header. */
export function createSsoClient(ssoRegion: string, network: NetworkInput): SSOClient {
	return new SSOClient({
		region: ssoRegion,
		authSchemePreference: SIGV4_ONLY,
		requestHandler: identityHandler(network),
	});
}

export function createOidcClient(ssoRegion: string, network: NetworkInput): SSOOIDCClient {
	return new SSOOIDCClient({
		region: ssoRegion,
		authSchemePreference: SIGV4_ONLY,
		requestHandler: identityHandler(network),
	});
}

/** Adapts SSOOIDCClient to the port the device flow and token manager are written against. */
export function createOidcPort(ssoRegion: string, network: NetworkInput): OidcClientPort & { destroy(): void } {
	const client = createOidcClient(ssoRegion, network);
	return {
		async registerClient(input, signal) {
			const out = await client.send(
				new RegisterClientCommand({
					clientName: input.clientName,
					clientType: input.clientType,
					scopes: input.scopes,
					...(input.grantTypes ? { grantTypes: input.grantTypes } : {}),
					...(input.redirectUris ? { redirectUris: input.redirectUris } : {}),
					...(input.issuerUrl ? { issuerUrl: input.issuerUrl } : {}),
				}),
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
		async authorizationBaseUrl() {
			// The endpoint CreateToken would use (AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL, or
			// oidc.<region>.amazonaws.com): /authorize lives beside it, as botocore assumes too.
			const endpoint = await getEndpointFromInstructions({}, CreateTokenCommand, client.config);
			return endpoint.url.href;
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
