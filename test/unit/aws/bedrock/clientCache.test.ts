import * as assert from 'node:assert/strict';
import { isIdentityExpired, doesIdentityRequireRefresh, memoizeIdentityProvider } from '@smithy/core';
import type { AwsCredentials } from '../../../../src/aws/engineTypes';
import { alwaysAskCredentials, alwaysAskToken, SDK_IDENTITY_REFRESH_WINDOW_MS } from '../../../../src/aws/bedrock/clientCache';

function rotatingProvider(lifetimeMs: number) {
	let generation = 0;
	const calls: Array<{ forceRefresh?: boolean } | undefined> = [];
	const provider = async (options?: { forceRefresh?: boolean }): Promise<AwsCredentials> => {
		calls.push(options);
		if (options?.forceRefresh || generation === 0) generation++;
		return { accessKeyId: `AKID${generation}`, secretAccessKey: 's', sessionToken: 't', expiration: new Date(Date.now() + lifetimeMs) };
	};
	return { provider, calls, current: () => generation };
}

describe('alwaysAskCredentials', () => {
	it('reports an expiration inside the SDK refresh window for long-lived credentials', async () => {
		const { provider } = rotatingProvider(60 * 60_000);
		const creds = await alwaysAskCredentials(provider)();
		const remaining = creds.expiration.getTime() - Date.now();
		assert.ok(remaining < SDK_IDENTITY_REFRESH_WINDOW_MS && remaining > 0, `remaining ${remaining} ms`);
	});

	it('keeps a real expiration that is already sooner', async () => {
		const { provider } = rotatingProvider(60_000);
		const creds = await alwaysAskCredentials(provider)();
		assert.ok(creds.expiration.getTime() - Date.now() <= 60_000);
	});

	it("makes the SDK's memoizer pick up keys our provider refreshed, on the next request", async () => {
		const session = rotatingProvider(60 * 60_000);
		const sdkView = memoizeIdentityProvider(alwaysAskCredentials(session.provider), isIdentityExpired, doesIdentityRequireRefresh);
		assert.equal((await sdkView!({}))?.accessKeyId, 'AKID1');
		await session.provider({ forceRefresh: true }); // what the service does after ExpiredTokenException
		assert.equal((await sdkView!({}))?.accessKeyId, 'AKID2');
	});

	it('without it, the same memoizer keeps the revoked keys (why the wrapper exists)', async () => {
		const session = rotatingProvider(60 * 60_000);
		const sdkView = memoizeIdentityProvider(session.provider, isIdentityExpired, doesIdentityRequireRefresh);
		assert.equal((await sdkView!({}))?.accessKeyId, 'AKID1');
		await session.provider({ forceRefresh: true });
		assert.equal((await sdkView!({}))?.accessKeyId, 'AKID1');
	});

	it('never forwards the SDK options as a forced refresh', async () => {
		const session = rotatingProvider(60 * 60_000);
		const wrapped = alwaysAskCredentials(session.provider) as (o?: unknown) => Promise<AwsCredentials>;
		await wrapped({ forceRefresh: true });
		assert.deepEqual(session.calls, [undefined]);
	});
});

describe('alwaysAskToken', () => {
	it('gives a bearer token without expiry one inside the SDK window, so a new key is picked up', async () => {
		let token = 'key-1';
		const sdkView = memoizeIdentityProvider(alwaysAskToken(async () => ({ token })), isIdentityExpired, doesIdentityRequireRefresh);
		assert.equal((await sdkView!({}))?.token, 'key-1');
		token = 'key-2';
		assert.equal((await sdkView!({}))?.token, 'key-2');
	});
});
