// Credentials and the Bedrock clients: a cached client must sign with whatever the session
// holds now, an expired-token answer leads to exactly one forced refresh and a transparent
// retry, and API-key sign-in uses bearer auth whatever the environment says.
import assert from 'node:assert/strict';
import type { BedrockService, StreamEvent } from '../../../src/aws/bedrock/bedrockTypes';
import { createBedrockService } from '../../../src/aws/bedrock/bedrockService';
import { isBedrockConnectError } from '../../../src/aws/errors';
import { silentLogger } from '../../../src/aws/ports';
import { useEmulator } from '../emulator/support';
import { apiKeySession, temporaryKeySession, type CountingSession } from './testSession';

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';

async function send(service: BedrockService, text = 'hello') {
	const events: StreamEvent[] = [];
	const result = await service.converseStream(
		{ modelId: MODEL, messages: [{ role: 'user', text }] },
		{ signal: new AbortController().signal, onEvent: (e) => events.push(e) },
	);
	return { events, result };
}

describe('Bedrock service: credentials', function () {
	const harness = useEmulator();
	let session: CountingSession;
	let service: BedrockService;

	beforeEach(() => {
		session = temporaryKeySession(harness.emulator.control);
		service = createBedrockService({ session, logger: silentLogger });
	});
	afterEach(() => service.dispose());

	it('after all credentials expire mid-conversation, the next message succeeds with exactly one forced refresh', async () => {
		await send(service, 'first');
		const firstKey = harness.emulator.control.lastRequest('bedrock:ConverseStream')?.accessKeyId;
		harness.emulator.control.expireAllCredentials();
		harness.emulator.control.resetCounters();

		const { events, result } = await send(service, 'second');

		assert.equal(result.stopReason, 'end_turn');
		assert.equal(session.calls.forced, 1);
		assert.deepEqual(events.filter((e) => e.type === 'retrying'), [{ type: 'retrying', reason: 'credentialsRefreshed', attempt: 2 }]);
		assert.equal(harness.emulator.control.counters()['bedrock:ConverseStream'], 2, 'one rejected call, one retry');
		const retriedKey = harness.emulator.control.lastRequest('bedrock:ConverseStream')?.accessKeyId;
		assert.notEqual(retriedKey, firstKey, 'the cached client signed the retry with the refreshed keys');
		assert.equal(retriedKey, session.currentKeyId());

		const third = await send(service, 'third');
		assert.ok(!third.events.some((e) => e.type === 'retrying'));
		assert.equal(session.calls.forced, 1, 'still one forced refresh');
	});

	it('a cached client signs with keys the session renewed by itself, without a failed request first', async () => {
		await send(service, 'first');
		harness.emulator.control.expireAllCredentials(); // the old keys are dead…
		session.renew(); // …and the session already holds new ones, as the engine does ahead of expiry
		harness.emulator.control.resetCounters();

		const { events } = await send(service, 'second');

		assert.ok(!events.some((e) => e.type === 'retrying'));
		assert.equal(session.calls.forced, 0);
		assert.equal(harness.emulator.control.counters()['bedrock:ConverseStream'], 1);
		assert.equal(harness.emulator.control.lastRequest('bedrock:ConverseStream')?.accessKeyId, session.currentKeyId());
	});

	it('lets SignInRequired from the refresh through, so the chat can offer Sign in then Retry', async () => {
		await send(service, 'first');
		harness.emulator.control.expireAllCredentials();
		session.failRefreshWithSignInRequired();
		const events: StreamEvent[] = [];
		await assert.rejects(
			service.converseStream(
				{ modelId: MODEL, messages: [{ role: 'user', text: 'second' }] },
				{ signal: new AbortController().signal, onEvent: (e) => events.push(e) },
			),
			(e: unknown) => isBedrockConnectError(e) && e.code === 'SignInRequired',
		);
		assert.equal(session.calls.forced, 1);
		assert.deepEqual(events, []);
	});

	it('refreshes only once when the refreshed keys are rejected too, then asks for sign-in', async () => {
		await send(service, 'first');
		harness.emulator.control.expireAllCredentials();
		session.refreshWithoutNewKeys();
		harness.emulator.control.resetCounters();
		await assert.rejects(send(service, 'second'), (e: unknown) => isBedrockConnectError(e) && e.code === 'SignInRequired');
		assert.equal(session.calls.forced, 1);
		assert.equal(harness.emulator.control.counters()['bedrock:ConverseStream'], 2);
	});

	it('refreshes once and retries when listing models with expired keys', async () => {
		await service.listModels();
		harness.emulator.control.expireAllCredentials();
		const catalogue = await service.listModels();
		assert.ok(catalogue.models.length > 0);
		assert.equal(session.calls.forced, 1);
	});

	it('gives each concurrent request the same keys: 20 parallel replies, one set of keys issued', async () => {
		const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => send(service, `q${i}`)));
		assert.ok(replies.every((r) => r.result.stopReason === 'end_turn'));
		assert.equal(session.calls.issued, 1);
	});
});

describe('Bedrock service: Bedrock API key (bearer) sign-in', function () {
	const harness = useEmulator();

	it('streams with bearer auth and never asks for SigV4 credentials', async () => {
		const session = apiKeySession(harness.emulator.control.createBedrockApiKey().token);
		const service = createBedrockService({ session, logger: silentLogger });
		try {
			const { result } = await send(service);
			assert.equal(result.stopReason, 'end_turn');
			assert.equal(harness.emulator.control.lastRequest('bedrock:ConverseStream')?.auth, 'bearer');
			const catalogue = await service.listModels();
			assert.ok(catalogue.models.length > 0);
			assert.equal(harness.emulator.control.lastRequest('bedrock:ListFoundationModels')?.auth, 'bearer');
			assert.equal(session.sigv4Calls, 0);
		} finally {
			service.dispose();
		}
	});

	it('keeps signing with SigV4 when AWS_BEARER_TOKEN_BEDROCK is in the environment', async () => {
		process.env.AWS_BEARER_TOKEN_BEDROCK = harness.emulator.control.createBedrockApiKey().token;
		const service = createBedrockService({ session: temporaryKeySession(harness.emulator.control), logger: silentLogger });
		try {
			await send(service);
			assert.equal(harness.emulator.control.lastRequest('bedrock:ConverseStream')?.auth, 'sigv4');
		} finally {
			delete process.env.AWS_BEARER_TOKEN_BEDROCK;
			service.dispose();
		}
	});

	it('asks for a new API key when the key is rejected, without trying to refresh', async () => {
		const session = apiKeySession('bedrock-api-key-not-issued-by-anyone');
		const service = createBedrockService({ session, logger: silentLogger });
		try {
			await assert.rejects(send(service), (e: unknown) => {
				assert.ok(isBedrockConnectError(e));
				assert.equal(e.code, 'SignInRequired');
				assert.match(e.action ?? '', /API key/);
				assert.doesNotMatch(`${e.message} ${e.action}`, /bedrock-api-key-not-issued/);
				return true;
			});
			assert.equal(session.sigv4Calls, 0);
		} finally {
			service.dispose();
		}
	});
});
