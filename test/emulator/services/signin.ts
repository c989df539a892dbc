// AWS Sign-In's token endpoint (restJson1, unsigned, DPoP-bound): CreateOAuth2Token with the
// refresh_token grant, as the SDK's login credential provider calls it to renew console
// credentials. The refresh token rotates; the proof's key must be the one the session is bound to.
import { type EmulatorRequest, type Reply, parseJsonObject } from '../http';
import { verifyDpopProof } from '../dpop';
import { genericErrorName, restJsonError, restJsonResult } from '../protocols';
import type { CallContext, EmulatedService, RoutedCall } from '../service';
import type { EmulatorState } from '../state';
import type { LoginRefreshFailure, LoginSession } from '../loginSessions';

export const LOGIN_TOKEN_PATH = '/v1/token';

type Params = Record<string, unknown>;

function signinError(status: number, type: string, error: string, message: string): Reply {
	return restJsonError(status, type, { error, message });
}

const validation = (message: string) => signinError(400, 'ValidationException', 'INVALID_REQUEST', message);
const accessDenied = (error: LoginRefreshFailure, message: string) => signinError(400, 'AccessDeniedException', error, message);

const FAILURE_MESSAGES: Record<LoginRefreshFailure, string> = {
	TOKEN_EXPIRED: 'The session has expired',
	USER_CREDENTIALS_CHANGED: 'The user credentials have changed',
	INSUFFICIENT_PERMISSIONS: 'The principal is not allowed to call signin:CreateOAuth2Token',
};

/** The URL the client called, rebuilt from what arrived (the DPoP proof must name it exactly). */
function requestUrl(state: EmulatorState, request: EmulatorRequest): string {
	const scheme = state.httpUrl.startsWith('https:') ? 'https' : 'http';
	return `${scheme}://${request.headers.host ?? ''}${request.rawPath}`;
}

function refresh(state: EmulatorState, request: EmulatorRequest, params: Params): Reply {
	if (params.grantType !== 'refresh_token') {
		return validation(`Unsupported grant type: ${String(params.grantType ?? '')}`);
	}
	const proof = verifyDpopProof(request.headers.dpop, {
		method: request.method,
		url: requestUrl(state, request),
		nowMs: state.now(),
		claimProofId: (jti) => state.login.claimProofId(jti),
	});
	if (!proof.ok) {
		return validation(proof.reason);
	}
	const found = state.login.find(params.refreshToken);
	if (!found || found.session.clientId !== params.clientId) {
		return accessDenied('TOKEN_EXPIRED', 'The refresh token is not valid');
	}
	const { session } = found;
	if (proof.key.x !== session.boundKey.x || proof.key.y !== session.boundKey.y) {
		return validation('The DPoP key is not the one this refresh token is bound to');
	}
	if (!found.usable) {
		return accessDenied('TOKEN_EXPIRED', 'The refresh token was already used');
	}
	if (session.failure) {
		return accessDenied(session.failure, FAILURE_MESSAGES[session.failure]);
	}
	if (session.endsAt <= state.now()) {
		return accessDenied('TOKEN_EXPIRED', FAILURE_MESSAGES.TOKEN_EXPIRED);
	}
	found.usable = false; // refresh tokens rotate
	return tokenReply(state, session);
}

export function issueLoginCredentials(state: EmulatorState, session: LoginSession): { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiresAt: number } {
	const expiresAt = Math.min(state.after(session.credentialSeconds), session.endsAt);
	const key = state.credentials.issueTemporary(session.principal, expiresAt);
	return { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, sessionToken: key.sessionToken ?? '', expiresAt };
}

function tokenReply(state: EmulatorState, session: LoginSession): Reply {
	const credentials = issueLoginCredentials(state, session);
	return restJsonResult({
		accessToken: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken },
		tokenType: 'aws_sigv4',
		expiresIn: Math.max(0, Math.round((credentials.expiresAt - state.now()) / 1000)),
		refreshToken: state.login.issueRefreshToken(session),
	});
}

export const signinService: EmulatedService = {
	route(request: EmulatorRequest): RoutedCall | undefined {
		if (request.method !== 'POST' || request.rawPath !== LOGIN_TOKEN_PATH) {
			return undefined;
		}
		const params = parseJsonObject(request.body);
		return {
			operation: 'signin:CreateOAuth2Token',
			params: params ? { clientId: params.clientId, grantType: params.grantType } : {},
			async handle(context: CallContext) {
				context.record.auth = 'none';
				return params ? refresh(context.state, request, params) : validation('The request body is not a JSON object');
			},
		};
	},
	throttled: () => signinError(429, 'TooManyRequestsError', 'TOO_MANY_REQUESTS', 'Rate exceeded'),
	failed: (status) =>
		signinError(status, genericErrorName(status, { 429: 'TooManyRequestsError', client: 'ValidationException', server: 'InternalServerException' }), status >= 500 ? 'SERVER_ERROR' : 'INVALID_REQUEST', 'The emulator was told to fail this call.'),
};
