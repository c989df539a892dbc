// The SSO-OIDC /authorize page of the authorization-code grant: checks the request as the
// service does (an unknown client or unregistered redirect gets an error page, never a redirect;
// other faults go back to the redirect URI as OAuth errors), shows Approve / Deny as plain form
// POSTs, and redirects with a single-use code (or access_denied) and the caller's `state`.
import { AUTHORIZATION_CODE_LIFETIME_S, redirectUriAllowed } from './authorizationCodes';
import { type EmulatorRequest, type Reply, firstQueryValue, htmlReply, parseForm } from './http';
import { escapeXml as escapeHtml } from './protocols';
import { htmlPage } from './htmlPage';
import type { EmulatorState } from './state';

export const AUTHORIZE_PATH = '/authorize';
/** How long the page may stay open before its request expires. */
const REQUEST_LIFETIME_S = 600;

export function isAuthorizePage(request: EmulatorRequest): boolean {
	return request.rawPath === AUTHORIZE_PATH || request.rawPath.startsWith(`${AUTHORIZE_PATH}/`);
}

function errorPage(status: number, message: string): Reply {
	return htmlReply(status, htmlPage('Request not valid', `<p data-testid="result">${escapeHtml(message)}</p>`));
}

function redirect(to: string, params: Record<string, string>): Reply {
	const url = new URL(to);
	for (const [name, value] of Object.entries(params)) {
		url.searchParams.set(name, value);
	}
	return { status: 302, headers: { location: url.href, 'cache-control': 'no-store' }, body: '' };
}

function consentPage(requestId: string, clientName: string, scopes: string[]): Reply {
	const hidden = `<input type="hidden" name="request_id" value="${escapeHtml(requestId)}">`;
	return htmlReply(
		200,
		htmlPage(
			'Allow access?',
			`<p><strong data-testid="client-name">${escapeHtml(clientName || 'An application')}</strong> wants to access your AWS account as <strong>alice</strong>
(scopes: <span data-testid="scopes">${escapeHtml(scopes.join(', '))}</span>).</p>
<form class="inline" method="post" action="${AUTHORIZE_PATH}/approve">${hidden}<button type="submit" class="primary" data-testid="allow">Allow access</button></form>
<form class="inline" method="post" action="${AUTHORIZE_PATH}/deny">${hidden}<button type="submit" data-testid="deny">Deny</button></form>`,
		),
	);
}

function showRequest(state: EmulatorState, request: EmulatorRequest): Reply {
	const q = (name: string) => firstQueryValue(request.query, name) ?? '';
	const client = state.sso.client(q('client_id'));
	if (!client || client.expiresAt <= state.now()) {
		return errorPage(400, 'The client_id is not a registered client (invalid_client).');
	}
	const redirectUri = q('redirect_uri');
	if (!redirectUriAllowed(client.redirectUris, redirectUri)) {
		// Never redirect to an address the client did not register (RFC 6749 §4.1.2.1).
		return errorPage(400, 'The redirect_uri is not one this client registered (invalid_redirect_uri).');
	}
	const back = (error: string, description: string) => redirect(redirectUri, { error, error_description: description, ...(q('state') ? { state: q('state') } : {}) });
	if (!client.grantTypes.includes('authorization_code')) {
		return back('unauthorized_client', 'The client is not registered for the authorization_code grant');
	}
	if (q('response_type') !== 'code') {
		return back('unsupported_response_type', 'response_type must be code');
	}
	if (q('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9\-_]{43}$/.test(q('code_challenge'))) {
		return back('invalid_request', 'A code_challenge with code_challenge_method S256 is required');
	}
	if (!q('state')) {
		return back('invalid_request', 'state is required');
	}
	const scopes = q('scopes').split(/[ ,]+/).filter(Boolean);
	if (scopes.some((scope) => client.scopes.length > 0 && !client.scopes.includes(scope))) {
		return back('invalid_scope', 'The requested scopes are not registered for this client');
	}
	const pending = state.authCodes.addRequest({
		clientId: client.clientId,
		redirectUri,
		state: q('state'),
		codeChallenge: q('code_challenge'),
		scopes,
		expiresAt: state.after(REQUEST_LIFETIME_S),
	});
	return consentPage(pending.id, client.clientName, scopes);
}

/** Approves or denies a waiting request and builds the redirect back to the client. */
export function decide(state: EmulatorState, requestId: string, decision: 'approve' | 'deny'): Reply {
	const pending = state.authCodes.request(requestId);
	if (!pending || pending.status !== 'pending' || pending.expiresAt <= state.now()) {
		return errorPage(400, 'This sign-in request is not valid any more. Start the sign-in again.');
	}
	state.log(`authorize page: ${decision}`);
	if (decision === 'deny') {
		pending.status = 'denied';
		return redirect(pending.redirectUri, { error: 'access_denied', error_description: 'The user denied the authorization request', state: pending.state });
	}
	pending.status = 'approved';
	const code = state.authCodes.issueCode(pending, state.after(AUTHORIZATION_CODE_LIFETIME_S));
	return redirect(pending.redirectUri, { code: code.code, state: pending.state });
}

export function handleAuthorizePage(state: EmulatorState, request: EmulatorRequest): Reply {
	if (request.method === 'GET' && request.rawPath === AUTHORIZE_PATH) {
		state.count('oidc:Authorize');
		return showRequest(state, request);
	}
	const decision = request.method === 'POST' ? /^\/authorize\/(approve|deny)$/.exec(request.rawPath)?.[1] : undefined;
	if (decision !== 'approve' && decision !== 'deny') {
		return errorPage(404, 'There is nothing here.');
	}
	return decide(state, parseForm(request.body).request_id ?? '', decision);
}
