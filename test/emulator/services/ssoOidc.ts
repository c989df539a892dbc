// SSO-OIDC over restJson1 (unsigned): RegisterClient, StartDeviceAuthorization and CreateToken
// with the device-code, authorization-code (PKCE) and refresh-token grants, OAuth error codes
// included. The browser half of the authorization code lives in ../authorizePage.ts.
import { type EmulatorRequest, type Reply, parseJsonObject } from '../http';
import { genericErrorName, restJsonError, restJsonResult } from '../protocols';
import type { CallContext, EmulatedService, RoutedCall } from '../service';
import type { EmulatorState } from '../state';
import { isWellFormedVerifier, redirectUriAllowed, verifierMatches } from '../authorizationCodes';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
export const REFRESH_TOKEN_GRANT = 'refresh_token';
export const AUTHORIZATION_CODE_GRANT = 'authorization_code';
const KNOWN_GRANTS = new Set([DEVICE_CODE_GRANT, REFRESH_TOKEN_GRANT, AUTHORIZATION_CODE_GRANT]);

type Params = Record<string, unknown>;

/** OAuth error: status 400 (401 for invalid_client), the exception name in x-amzn-errortype. */
function oauthError(exception: string, error: string, description: string, status = 400): Reply {
	return restJsonError(status, exception, { error, error_description: description });
}

const invalidRequest = (description: string) => oauthError('InvalidRequestException', 'invalid_request', description);
const invalidClient = () => oauthError('InvalidClientException', 'invalid_client', 'Invalid client provided', 401);
const invalidGrant = (description: string) => oauthError('InvalidGrantException', 'invalid_grant', description);

function stringParam(params: Params, name: string): string | undefined {
	const value = params[name];
	return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function registerClient(state: EmulatorState, params: Params): Reply {
	const clientName = stringParam(params, 'clientName');
	const clientType = stringParam(params, 'clientType');
	if (!clientName || !clientType) {
		return invalidRequest('clientName and clientType are required');
	}
	if (clientType !== 'public') {
		return invalidRequest(`Unsupported client type: ${clientType}`);
	}
	const grantTypes = stringList(params, 'grantTypes');
	const redirectUris = stringList(params, 'redirectUris');
	const scopes = stringList(params, 'scopes');
	if (grantTypes?.some((grant) => !KNOWN_GRANTS.has(grant))) {
		return oauthError('InvalidClientMetadataException', 'invalid_client_metadata', `Unsupported grant type in grantTypes: ${grantTypes.join(', ')}`);
	}
	if (redirectUris?.some((uri) => !acceptableRedirect(uri))) {
		return oauthError('InvalidRedirectUriException', 'invalid_redirect_uri', 'Redirect URIs must be https, or http on a loopback address');
	}
	if (grantTypes?.includes(AUTHORIZATION_CODE_GRANT) && !redirectUris?.length) {
		return oauthError('InvalidClientMetadataException', 'invalid_client_metadata', 'The authorization_code grant needs at least one redirect URI');
	}
	const client = state.sso.registerClient(clientName, state.after(state.lifetimes.registration), {
		...(grantTypes ? { grantTypes } : {}),
		...(redirectUris ? { redirectUris } : {}),
		...(scopes ? { scopes } : {}),
	});
	return restJsonResult({
		clientId: client.clientId,
		clientSecret: client.clientSecret,
		clientIdIssuedAt: Math.floor(state.now() / 1000),
		clientSecretExpiresAt: Math.floor(client.expiresAt / 1000),
	});
}

function stringList(params: Params, name: string): string[] | undefined {
	const value = params[name];
	return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : undefined;
}

function acceptableRedirect(uri: string): boolean {
	try {
		const url = new URL(uri);
		return url.protocol === 'https:' || (url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === '[::1]' || url.hostname === 'localhost'));
	} catch {
		return false;
	}
}

function startDeviceAuthorization(state: EmulatorState, params: Params): Reply {
	const startUrl = stringParam(params, 'startUrl');
	const client = state.sso.authenticateClient(params.clientId, params.clientSecret, state.now());
	if (!client) {
		return invalidClient();
	}
	if (!startUrl || !/^https:\/\/\S+$/.test(startUrl)) {
		return invalidRequest('Invalid start URL');
	}
	const authorization = state.sso.startAuthorization(client.clientId, startUrl, state.now(), state.after(state.lifetimes.deviceCode));
	const verificationUri = `${state.httpUrl}/device`;
	return restJsonResult({
		deviceCode: authorization.deviceCode,
		userCode: authorization.userCode,
		verificationUri,
		verificationUriComplete: `${verificationUri}?user_code=${authorization.userCode}`,
		expiresIn: state.lifetimes.deviceCode,
		interval: state.pollIntervalSeconds,
	});
}

function tokenReply(state: EmulatorState, clientId: string, onIssued?: (accessToken: string) => void): Reply {
	const { access, refresh } = state.sso.issueTokens(clientId, state.after(state.lifetimes.accessToken), state.after(state.lifetimes.refreshToken));
	onIssued?.(access.token);
	return restJsonResult({ accessToken: access.token, tokenType: 'Bearer', expiresIn: state.lifetimes.accessToken, refreshToken: refresh.token });
}

/** RFC 6749 §4.1.3 + RFC 7636 §4.6: the code is single-use and bound to client, redirect URI and challenge. */
function authorizationCodeGrant(state: EmulatorState, clientId: string, params: Params): Reply {
	const codeText = stringParam(params, 'code');
	const redirectUri = stringParam(params, 'redirectUri');
	const verifier = stringParam(params, 'codeVerifier');
	if (!codeText || !redirectUri || !verifier) {
		return invalidRequest('code, redirectUri and codeVerifier are required for the authorization_code grant');
	}
	if (!isWellFormedVerifier(verifier)) {
		return invalidRequest('Invalid code verifier');
	}
	const code = state.authCodes.find(codeText);
	if (!code || code.clientId !== clientId) {
		return invalidGrant('Invalid authorization code provided');
	}
	if (code.used) {
		// A code presented twice may have been stolen: what it bought is ended too (RFC 6749 §4.1.2).
		state.sso.revokeTokens(code.issued);
		return invalidGrant('Authorization code has already been used');
	}
	if (code.expiresAt <= state.now()) {
		return invalidGrant('Authorization code has expired');
	}
	if (code.redirectUri !== redirectUri || !redirectUriAllowed(state.sso.client(clientId)?.redirectUris ?? [], redirectUri)) {
		return invalidGrant('Redirect URI does not match the authorization request');
	}
	if (!verifierMatches(verifier, code.codeChallenge)) {
		return invalidGrant('Code verifier does not match the code challenge');
	}
	code.used = true;
	return tokenReply(state, clientId, (accessToken) => code.issued.push(accessToken));
}

function deviceCodeGrant(state: EmulatorState, clientId: string, params: Params): Reply {
	const authorization = state.sso.findByDeviceCode(params.deviceCode);
	if (!authorization || authorization.clientId !== clientId) {
		return invalidGrant('Invalid device code provided');
	}
	if (authorization.status === 'consumed') {
		return invalidGrant('Device code has already been used');
	}
	if (authorization.status === 'pending' && state.sso.slowDownPolls > 0) {
		state.sso.slowDownPolls--;
		return oauthError('SlowDownException', 'slow_down', 'Client is polling too quickly');
	}
	if (authorization.expiresAt <= state.now()) {
		return oauthError('ExpiredTokenException', 'expired_token', 'Device code has expired');
	}
	if (authorization.status === 'pending' && state.sso.denyNextPolls > 0) {
		state.sso.denyNextPolls--;
		authorization.status = 'denied';
	}
	if (authorization.status === 'denied') {
		return oauthError('AccessDeniedException', 'access_denied', 'The user denied the authorization request');
	}
	if (authorization.status === 'pending') {
		const autoApprove = state.autoApproveAfterPolls;
		if (autoApprove !== undefined && authorization.polls >= autoApprove) {
			authorization.status = 'approved';
		}
		authorization.polls++;
	}
	if (authorization.status === 'pending') {
		return oauthError('AuthorizationPendingException', 'authorization_pending', 'Authorization is still pending');
	}
	authorization.status = 'consumed';
	return tokenReply(state, clientId);
}

function refreshTokenGrant(state: EmulatorState, clientId: string, params: Params): Reply {
	const refresh = state.sso.findRefreshToken(params.refreshToken);
	if (!refresh || refresh.clientId !== clientId || !refresh.usable || refresh.expiresAt <= state.now()) {
		return invalidGrant('Invalid refresh token provided');
	}
	refresh.usable = false; // refresh tokens rotate
	return tokenReply(state, clientId);
}

function createToken(state: EmulatorState, params: Params): Reply {
	const client = state.sso.authenticateClient(params.clientId, params.clientSecret, state.now());
	if (!client) {
		return invalidClient();
	}
	const grantType = stringParam(params, 'grantType');
	if (grantType && KNOWN_GRANTS.has(grantType) && !client.grantTypes.includes(grantType)) {
		return oauthError('UnauthorizedClientException', 'unauthorized_client', `The client is not registered for the ${grantType} grant`);
	}
	if (grantType === AUTHORIZATION_CODE_GRANT) {
		return authorizationCodeGrant(state, client.clientId, params);
	}
	if (grantType === DEVICE_CODE_GRANT) {
		return deviceCodeGrant(state, client.clientId, params);
	}
	if (grantType === REFRESH_TOKEN_GRANT) {
		return refreshTokenGrant(state, client.clientId, params);
	}
	return oauthError('UnsupportedGrantTypeException', 'unsupported_grant_type', `Unsupported grant type: ${grantType ?? ''}`);
}

const ROUTES: Record<string, { operation: string; perform: (state: EmulatorState, params: Params) => Reply }> = {
	'/client/register': { operation: 'oidc:RegisterClient', perform: registerClient },
	'/device_authorization': { operation: 'oidc:StartDeviceAuthorization', perform: startDeviceAuthorization },
	'/token': { operation: 'oidc:CreateToken', perform: createToken },
};

export const ssoOidcService: EmulatedService = {
	route(request: EmulatorRequest): RoutedCall | undefined {
		const route = request.method === 'POST' ? ROUTES[request.rawPath] : undefined;
		if (!route) {
			return undefined;
		}
		const params = parseJsonObject(request.body);
		return {
			operation: route.operation,
			params: params ?? {},
			async handle(context: CallContext) {
				context.record.auth = 'none';
				return params ? route.perform(context.state, params) : invalidRequest('The request body is not a JSON object');
			},
		};
	},
	// The OIDC service's own throttling answer is slow_down.
	throttled: () => oauthError('SlowDownException', 'slow_down', 'Client is polling too quickly'),
	failed: (status) =>
		oauthError(
			genericErrorName(status, { 401: 'InvalidClientException', 403: 'AccessDeniedException', client: 'InvalidRequestException', server: 'InternalServerException' }),
			status >= 500 ? 'server_error' : 'invalid_request',
			'The emulator was told to fail this call.',
			status,
		),
};
