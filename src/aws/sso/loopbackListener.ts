// The one-shot 127.0.0.1 listener the browser is redirected to after an authorization-code
// sign-in (RFC 8252 §7.3): a random port, one answer on the callback path (its `state` checked),
// a small page telling the user to go back, and closed after that answer, on cancel or on timeout.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BedrockConnectError } from '../errors';
import { cancelledError } from '../systemClock';

/** The redirect path the AWS CLI and the AWS Toolkit use too. */
export const CALLBACK_PATH = '/oauth/callback';
export const LOOPBACK_HOST = '127.0.0.1';
/** The redirect URI a client registers: the loopback port may be any (RFC 8252 §7.3). */
export const REGISTERED_REDIRECT_URI = `http://${LOOPBACK_HOST}${CALLBACK_PATH}`;

export interface LoopbackListener {
	/** `http://127.0.0.1:<port>/oauth/callback` */
	redirectUri: string;
	/** The authorization code, or a BedrockConnectError (denied, wrong state, timeout, cancelled). */
	code: Promise<string>;
	close(): void;
}

export interface LoopbackOptions {
	state: string;
	signal: AbortSignal;
	timeoutMs: number;
	/** Default 127.0.0.1; the redirect URI always names 127.0.0.1 (tests bind elsewhere to see a failure). */
	host?: string;
}

/** Binds the listener; throws LoopbackUnavailable when no loopback port can be opened. */
export async function startLoopbackListener(options: LoopbackOptions): Promise<LoopbackListener> {
	const { state, signal, timeoutMs } = options;
	if (signal.aborted) {
		throw cancelledError('Sign-in was cancelled.');
	}
	let settle: { resolve: (code: string) => void; reject: (error: Error) => void } | undefined;
	const code = new Promise<string>((resolve, reject) => {
		settle = { resolve, reject };
	});
	code.catch(() => undefined); // a caller that stops listening must not cause an unhandled rejection
	let done = false;
	const server: Server = createServer((request, response) => {
		const outcome = answerOf(request, state);
		if (!outcome || done) {
			reply(response, 404, 'Not found', 'There is nothing here.');
			return;
		}
		done = true;
		if ('code' in outcome) {
			reply(response, 200, 'Signed in', 'Bedrock Connect is signed in to AWS. You can close this tab and return to VS Code.');
			finish(() => settle?.resolve(outcome.code));
		} else {
			reply(response, 400, 'Sign-in failed', `${outcome.error.message} Return to VS Code to try again.`);
			finish(() => settle?.reject(outcome.error));
		}
	});
	const timer = setTimeout(() => {
		done = true;
		finish(() =>
			settle?.reject(
				new BedrockConnectError('AuthorizationTimedOut', `The browser sign-in was not completed within ${Math.round(timeoutMs / 60_000)} minutes.`, {
					action: 'Start the sign-in again and approve it in the browser that opens.',
				}),
			),
		);
	}, timeoutMs);
	timer.unref?.();
	const onAbort = (): void => {
		done = true;
		finish(() => settle?.reject(cancelledError('Sign-in was cancelled.')));
	};
	signal.addEventListener('abort', onAbort, { once: true });

	function finish(then: () => void): void {
		clearTimeout(timer);
		signal.removeEventListener('abort', onAbort);
		// Let the page reach the browser, then stop listening; nothing keeps the port open.
		server.close();
		server.closeIdleConnections?.();
		then();
	}

	try {
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, options.host ?? LOOPBACK_HOST, () => {
				server.off('error', reject);
				resolve();
			});
		});
	} catch (error) {
		clearTimeout(timer);
		signal.removeEventListener('abort', onAbort);
		throw new BedrockConnectError('LoopbackUnavailable', `Could not open a port on ${LOOPBACK_HOST} for the browser sign-in: ${(error as Error).message}.`, {
			action: 'Set bedrockConnect.sso.flow to "device" (or "auto") to sign in with a device code instead.',
			cause: error,
		});
	}
	const port = (server.address() as AddressInfo).port;
	return {
		redirectUri: `http://${LOOPBACK_HOST}:${port}${CALLBACK_PATH}`,
		code,
		close: () => {
			if (!done) {
				onAbort();
			}
		},
	};
}

type Answer = { code: string } | { error: BedrockConnectError };

/** The browser's answer on the callback path; undefined for anything else (a favicon request…). */
function answerOf(request: IncomingMessage, state: string): Answer | undefined {
	if (request.method !== 'GET') {
		return undefined;
	}
	const url = new URL(request.url ?? '/', `http://${LOOPBACK_HOST}`);
	if (url.pathname !== CALLBACK_PATH) {
		return undefined;
	}
	const query = url.searchParams;
	if (query.get('state') !== state) {
		// Not the answer to our request (a stale tab, or a forged redirect): end this sign-in.
		return {
			error: new BedrockConnectError('AuthorizationDenied', 'The browser answered with a sign-in request that is not this one (state mismatch).', {
				action: 'Start the sign-in again and use only the browser tab it opens.',
			}),
		};
	}
	const error = query.get('error');
	if (error) {
		const denied = error === 'access_denied';
		return {
			error: new BedrockConnectError(
				'AuthorizationDenied',
				denied ? 'The sign-in request was denied in the browser.' : `IAM Identity Center refused the browser sign-in (${printable(error)}${query.get('error_description') ? `: ${printable(query.get('error_description') ?? '')}` : ''}).`,
				{ action: denied ? 'Start the sign-in again and choose Allow when the browser asks.' : 'Check the start URL and the Identity Center region, then sign in again.' },
			),
		};
	}
	const code = query.get('code');
	if (!code) {
		return {
			error: new BedrockConnectError('AuthorizationDenied', 'The browser came back without an authorization code.', {
				action: 'Start the sign-in again.',
			}),
		};
	}
	return { code };
}

/** Text from the redirect's query, shortened and stripped of control characters before it is shown. */
function printable(text: string): string {
	return text.replace(/[^\x20-\x7e]/g, '').slice(0, 200);
}

function reply(response: ServerResponse, status: number, title: string, message: string): void {
	const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} – Bedrock Connect</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}</style></head>
<body><h1>${escapeHtml(title)}</h1><p data-testid="result">${escapeHtml(message)}</p></body></html>`;
	response.writeHead(status, {
		'content-type': 'text/html; charset=utf-8',
		'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
		'cache-control': 'no-store',
		connection: 'close',
	});
	response.end(html);
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
