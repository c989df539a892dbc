// What the SSO code needs from the SSO-OIDC service. The real one wraps SSOOIDCClient
// (sdkClients.ts); unit tests script a fake. Errors are SDK-shaped: their `name` is the
// service exception (AuthorizationPendingException, SlowDownException, …).

export interface ClientRegistration {
	clientId: string;
	clientSecret: string;
	/** ms since epoch */
	expiresAt: number;
	scopes: string[];
}

export interface DeviceAuthorization {
	deviceCode: string;
	userCode: string;
	verificationUri: string;
	verificationUriComplete: string;
	/** seconds */
	expiresIn: number;
	/** seconds between polls */
	interval?: number;
}

export interface TokenGrant {
	accessToken: string;
	/** seconds */
	expiresIn: number;
	refreshToken?: string;
}

export interface OidcClientPort {
	registerClient(
		input: {
			clientName: string;
			clientType: 'public';
			scopes: string[];
			/** Authorization-code clients: the grants, the loopback redirect and the start URL as issuer. */
			grantTypes?: string[];
			redirectUris?: string[];
			issuerUrl?: string;
		},
		signal?: AbortSignal,
	): Promise<{ clientId: string; clientSecret: string; clientSecretExpiresAt?: number }>;
	startDeviceAuthorization(
		input: { clientId: string; clientSecret: string; startUrl: string },
		signal?: AbortSignal,
	): Promise<DeviceAuthorization>;
	createToken(
		input:
			| { clientId: string; clientSecret: string; grantType: 'urn:ietf:params:oauth:grant-type:device_code'; deviceCode: string }
			| { clientId: string; clientSecret: string; grantType: 'refresh_token'; refreshToken: string }
			| { clientId: string; clientSecret: string; grantType: 'authorization_code'; code: string; codeVerifier: string; redirectUri: string },
		signal?: AbortSignal,
	): Promise<TokenGrant>;
	/** The service's base URL (where `/authorize` lives), as the SDK resolves it (AWS_ENDPOINT_URL* included). */
	authorizationBaseUrl(): Promise<string>;
}

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code' as const;
export const AUTHORIZATION_CODE_GRANT = 'authorization_code' as const;
export const REFRESH_TOKEN_GRANT = 'refresh_token' as const;
export const DEFAULT_SSO_SCOPES = ['sso:account:access'];
export const OIDC_CLIENT_NAME = 'bedrock-connect';
