// SSO-OIDC over restJson1 (unsigned): RegisterClient, StartDeviceAuthorization and CreateToken
// with the device-code and refresh-token grants, OAuth error codes included.
import { type EmulatorRequest, type Reply, parseJsonObject } from '../http';
import { genericErrorName, restJsonError, restJsonResult } from '../protocols';
import type { CallContext, EmulatedService, RoutedCall } from '../service';
import type { EmulatorState } from '../state';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
export const REFRESH_TOKEN_GRANT = 'refresh_token';

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
	const client = state.sso.registerClient(clientName, state.after(state.lifetimes.registration));
	return restJsonResult({
		clientId: client.clientId,
		clientSecret: client.clientSecret,
		clientIdIssuedAt: Math.floor(state.now() / 1000),
		clientSecretExpiresAt: Math.floor(client.expiresAt / 1000),
	});
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

function tokenReply(state: EmulatorState, clientId: string): Reply {
	const { access, refresh } = state.sso.issueTokens(clientId, state.after(state.lifetimes.accessToken), state.after(state.lifetimes.refreshToken));
	return restJsonResult({ accessToken: access.token, tokenType: 'Bearer', expiresIn: state.lifetimes.accessToken, refreshToken: refresh.token });
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
