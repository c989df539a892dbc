// The device-authorization page a user opens from verificationUriComplete: shows the code and
// approves or denies it with plain form POSTs (no scripts, no external resources).
import { type EmulatorRequest, type Reply, firstQueryValue, htmlReply, parseForm } from './http';
import { escapeXml as escapeHtml } from './protocols';
import { htmlPage } from './htmlPage';
import type { EmulatorState } from './state';

export const DEVICE_PATH = '/device';

function entryForm(message = ''): string {
	return htmlPage(
		'Enter your code',
		`${message ? `<p data-testid="message">${escapeHtml(message)}</p>` : ''}
<form method="get" action="${DEVICE_PATH}">
<label for="user_code">Code</label>
<input id="user_code" name="user_code" autocomplete="off" data-testid="user-code-input">
<button type="submit" class="primary" data-testid="next">Next</button>
</form>`,
	);
}

function decisionForm(userCode: string, clientName: string): string {
	const hidden = `<input type="hidden" name="user_code" value="${escapeHtml(userCode)}">`;
	return htmlPage(
		'Authorize request',
		`<p><strong>${escapeHtml(clientName || 'An application')}</strong> wants to access your AWS account as <strong>alice</strong>.</p>
<p>Make sure this code matches the one shown in the application:</p>
<p class="code" data-testid="user-code">${escapeHtml(userCode)}</p>
<form class="inline" method="post" action="${DEVICE_PATH}/approve">${hidden}<button type="submit" class="primary" data-testid="approve">Approve</button></form>
<form class="inline" method="post" action="${DEVICE_PATH}/deny">${hidden}<button type="submit" data-testid="deny">Deny</button></form>`,
	);
}

function outcome(status: number, title: string, message: string): Reply {
	return htmlReply(status, htmlPage(title, `<p data-testid="result">${escapeHtml(message)}</p>`));
}

export function isDevicePage(request: EmulatorRequest): boolean {
	return request.rawPath === DEVICE_PATH || request.rawPath === `${DEVICE_PATH}/` || request.rawPath.startsWith(`${DEVICE_PATH}/`);
}

export function handleDevicePage(state: EmulatorState, request: EmulatorRequest): Reply {
	const now = state.now();
	if (request.method === 'GET' && (request.rawPath === DEVICE_PATH || request.rawPath === `${DEVICE_PATH}/`)) {
		const userCode = firstQueryValue(request.query, 'user_code');
		if (!userCode) {
			return htmlReply(200, entryForm());
		}
		const authorization = state.sso.findByUserCode(userCode);
		if (!authorization || authorization.status !== 'pending' || authorization.expiresAt <= now) {
			return htmlReply(404, entryForm('That code is not valid or has expired. Check it and try again.'));
		}
		return htmlReply(200, decisionForm(authorization.userCode, state.sso.clientName(authorization.clientId)));
	}
	const decision = request.method === 'POST' ? /^\/device\/(approve|deny)$/.exec(request.rawPath)?.[1] : undefined;
	if (!decision) {
		return outcome(404, 'Not found', 'There is nothing here.');
	}
	const authorization = state.sso.findByUserCode(parseForm(request.body).user_code ?? '');
	if (!authorization || authorization.status !== 'pending' || authorization.expiresAt <= now) {
		return outcome(400, 'Request not valid', 'That code is not valid or has expired.');
	}
	authorization.status = decision === 'approve' ? 'approved' : 'denied';
	state.log(`device page: ${decision}`);
	return decision === 'approve'
		? outcome(200, 'Request approved', 'You can close this window and return to the application.')
		: outcome(200, 'Request denied', 'The application was not given access.');
}
