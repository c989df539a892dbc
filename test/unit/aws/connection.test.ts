import * as assert from 'node:assert/strict';
import { BedrockConnectError } from '../../../src/aws/errors';
import { silentLogger } from '../../../src/aws/ports';
import { createConnection } from '../../../src/aws/connection';
import { FakeClock } from '../../support/fakeClock';

describe('Connection', () => {
	it('reports no expiry for static keys, and fires onDidChange when credentials arrive', async () => {
		const clock = new FakeClock();
		const connection = createConnection({
			spec: { method: 'environment' },
			region: 'us-east-1',
			source: async () => ({ accessKeyId: 'AKIA', secretAccessKey: 's' }),
			traits: { canRefreshSilently: () => true, signInExpiresAt: () => undefined },
			clock,
			logger: silentLogger,
			label: 't',
		});
		let changes = 0;
		const unsubscribe = connection.onDidChange(() => changes++);
		const credentials = await connection.credentials();
		assert.ok(credentials.expiration, 'the SDK always gets an expiration');
		assert.deepEqual(connection.expiry(), { canRefreshSilently: true });
		assert.equal(changes, 1);
		unsubscribe();
		connection.dispose();
		await assert.rejects(connection.credentials(), (e: unknown) => (e as BedrockConnectError).code === 'SignInRequired');
	});

	it('says silent refresh is over once the source needs the user', async () => {
		const clock = new FakeClock();
		let fail = false;
		const connection = createConnection({
			spec: { method: 'accessKeys' },
			region: 'us-east-1',
			source: async () => {
				if (fail) {
					throw new BedrockConnectError('SignInRequired', 'The pasted keys expired.');
				}
				return { accessKeyId: 'ASIA', secretAccessKey: 's', sessionToken: 't', expiration: new Date(clock.now() + 60_000) };
			},
			traits: { canRefreshSilently: () => true, signInExpiresAt: () => undefined },
			clock,
			logger: silentLogger,
			label: 't',
		});
		await connection.credentials();
		assert.equal(connection.expiry().credentialsExpireAt?.getTime(), clock.now() + 60_000);
		fail = true;
		clock.set(clock.now() + 61_000);
		await assert.rejects(connection.credentials());
		assert.equal(connection.expiry().canRefreshSilently, false);
	});

	it('lets the source answer identity instead of STS (a Bedrock API key has none)', async () => {
		const connection = createConnection({
			spec: { method: 'bedrockApiKey' },
			region: 'us-east-1',
			source: async () => {
				throw new BedrockConnectError('InvalidInput', 'Bedrock only');
			},
			traits: {
				canRefreshSilently: () => true,
				signInExpiresAt: () => undefined,
				bearerToken: async () => ({ token: 'tok' }),
				identity: () => {
					throw new BedrockConnectError('InvalidInput', 'A Bedrock API key has no AWS identity that STS can show.');
				},
			},
			clock: new FakeClock(),
			logger: silentLogger,
			label: 't',
		});
		await assert.rejects(connection.getIdentity(), /no AWS identity/);
		assert.equal((await connection.bearerToken!()).token, 'tok');
	});
});
