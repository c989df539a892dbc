import * as assert from 'node:assert/strict';
import { isBedrockConnectError } from '../../../../src/aws/errors';
import { startLoopbackListener } from '../../../../src/aws/sso/loopbackListener';

const codeOf = (e: unknown) => (isBedrockConnectError(e) ? e.code : undefined);

async function closed(url: string): Promise<boolean> {
	return fetch(url).then(
		() => false,
		(error: { cause?: { code?: string } }) => error.cause?.code === 'ECONNREFUSED',
	);
}

describe('loopback listener for the browser sign-in', () => {
	it('listens on 127.0.0.1 at a random port, ignores other paths, takes one answer with our state and then closes', async () => {
		const listener = await startLoopbackListener({ state: 'our-state', signal: new AbortController().signal, timeoutMs: 5_000 });
		const url = new URL(listener.redirectUri);
		assert.equal(url.hostname, '127.0.0.1');
		assert.equal(url.pathname, '/oauth/callback');
		assert.equal((await fetch(new URL('/favicon.ico', url))).status, 404, 'a favicon request is not the answer');
		const page = await fetch(`${listener.redirectUri}?code=the-code&state=our-state`);
		assert.equal(page.status, 200);
		assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
		assert.match(await page.text(), /return to VS Code/);
		assert.equal(await listener.code, 'the-code');
		assert.ok(await closed(listener.redirectUri));
	});

	it('ends the sign-in on a wrong state, an OAuth error (its text escaped) or a missing code', async () => {
		const cases: Array<[string, RegExp]> = [
			['code=c&state=other', /state mismatch/],
			['error=access_denied&state=s', /denied in the browser/],
			['error=invalid_scope&error_description=%3Cscript%3Ebad%3C%2Fscript%3E&state=s', /invalid_scope/],
			['state=s', /without an authorization code/],
		];
		for (const [query, message] of cases) {
			const listener = await startLoopbackListener({ state: 's', signal: new AbortController().signal, timeoutMs: 5_000 });
			const page = await fetch(`${listener.redirectUri}?${query}`);
			assert.equal(page.status, 400);
			assert.doesNotMatch(await page.text(), /<script>/);
			await assert.rejects(listener.code, (e: unknown) => codeOf(e) === 'AuthorizationDenied' && message.test((e as Error).message));
			assert.ok(await closed(listener.redirectUri));
		}
	});

	it('closes on cancel and on timeout', async () => {
		const controller = new AbortController();
		const cancelled = await startLoopbackListener({ state: 's', signal: controller.signal, timeoutMs: 5_000 });
		controller.abort();
		await assert.rejects(cancelled.code, (e: unknown) => codeOf(e) === 'Cancelled');
		assert.ok(await closed(cancelled.redirectUri));

		const timed = await startLoopbackListener({ state: 's', signal: new AbortController().signal, timeoutMs: 50 });
		await assert.rejects(timed.code, (e: unknown) => codeOf(e) === 'AuthorizationTimedOut');
		assert.ok(await closed(timed.redirectUri));
	});

	it('says LoopbackUnavailable, with what to do, when the address cannot be bound', async () => {
		await assert.rejects(
			startLoopbackListener({ state: 's', signal: new AbortController().signal, timeoutMs: 5_000, host: '192.0.2.1' }),
			(e: unknown) => codeOf(e) === 'LoopbackUnavailable' && /sso\.flow/.test((e as { action?: string }).action ?? ''),
		);
	});
});
