// The Bedrock service streaming replies through the real BedrockRuntimeClient (HTTP/2) against
// the emulator: events as they arrive, cancellation, and what each failure turns into.
import assert from 'node:assert/strict';
import type { BedrockService, ConverseRequest, StreamEvent } from '../../../src/aws/bedrock/bedrockTypes';
import { createBedrockService } from '../../../src/aws/bedrock/bedrockService';
import { isBedrockConnectError, type ErrorCode } from '../../../src/aws/errors';
import { silentLogger } from '../../../src/aws/ports';
import { FakeClock } from '../../support/fakeClock';
import type { EmulatorControl } from '../../emulator';
import { useEmulator } from '../emulator/support';
import { temporaryKeySession } from './testSession';

const ON_DEMAND_MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const PROFILE_ONLY_MODEL = 'anthropic.claude-sonnet-4-20250514-v1:0';
const NO_ACCESS_MODEL = 'meta.llama3-70b-instruct-v1:0';

function ask(text: string, modelId = ON_DEMAND_MODEL): ConverseRequest {
	return { modelId, messages: [{ role: 'user', text }] };
}

async function collect(service: BedrockService, request: ConverseRequest, controller = new AbortController()) {
	const events: StreamEvent[] = [];
	const result = await service.converseStream(request, { signal: controller.signal, onEvent: (e) => events.push(e) });
	return { events, result, text: textOf(events) };
}

function textOf(events: StreamEvent[]): string {
	return events.map((e) => (e.type === 'text' ? e.text : '')).join('');
}

function hasCode(code: ErrorCode) {
	return (e: unknown) => {
		assert.ok(isBedrockConnectError(e), `expected a BedrockConnectError, got ${String(e)}`);
		assert.equal(e.code, code, `${e.code}: ${e.message}`);
		assert.ok(e.action, 'says what to do');
		return true;
	};
}

describe('Bedrock service: ConverseStream', function () {
	const harness = useEmulator();
	let service: BedrockService;
	let clock: FakeClock;

	beforeEach(() => {
		clock = new FakeClock();
		service = createBedrockService({ session: temporaryKeySession(harness.emulator.control), logger: silentLogger, clock });
	});
	afterEach(() => {
		service.dispose();
		harness.emulator.control.setReplyLength(undefined);
	});

	it('delivers the reply in several text events, then stop and usage', async () => {
		const reply = 'The quick brown fox jumps over the lazy dog, then naps in the afternoon sun.';
		harness.emulator.control.setNextReplies([reply]);
		const { events, result, text } = await collect(service, ask('Tell me about foxes'));
		assert.equal(text, reply);
		const textEvents = events.filter((e) => e.type === 'text');
		assert.ok(textEvents.length >= 5, `${textEvents.length} text events`);
		const usage = events.find((e) => e.type === 'usage');
		assert.ok(usage && usage.type === 'usage');
		assert.equal(usage.usage.outputTokens, textEvents.length);
		assert.ok(usage.usage.inputTokens > 0);
		assert.deepEqual(events.filter((e) => e.type === 'stop'), [{ type: 'stop', stopReason: 'end_turn' }]);
		assert.equal(result.stopReason, 'end_turn');
		assert.deepEqual(result.usage, usage.usage);
		assert.ok(events.findIndex((e) => e.type === 'stop') > events.findLastIndex((e) => e.type === 'text'));
	});

	it('sends the system prompt, max tokens, temperature and an alternating history', async () => {
		const { result } = await collect(service, {
			modelId: ON_DEMAND_MODEL,
			system: 'Answer in one word.',
			maxTokens: 2,
			temperature: 0.3,
			messages: [
				{ role: 'user', text: 'first' },
				{ role: 'user', text: 'second' },
				{ role: 'assistant', text: 'ok' },
				{ role: 'user', text: 'third' },
			],
		});
		assert.equal(result.stopReason, 'max_tokens');
		const sent = harness.emulator.control.lastRequest('bedrock:ConverseStream');
		assert.deepEqual(sent?.params.system, [{ text: 'Answer in one word.' }]);
		assert.deepEqual(sent?.params.inferenceConfig, { maxTokens: 2, temperature: 0.3 });
		assert.deepEqual(
			(sent?.params.messages as Array<{ role: string }>).map((m) => m.role),
			['user', 'assistant', 'user'],
		);
		assert.equal(sent?.auth, 'sigv4');
	});

	it('stops when aborted mid-stream, delivering nothing after the abort', async () => {
		harness.emulator.control.setReplyLength(400);
		const controller = new AbortController();
		const events: StreamEvent[] = [];
		await assert.rejects(
			service.converseStream(ask('long please'), {
				signal: controller.signal,
				onEvent: (e) => {
					events.push(e);
					if (e.type === 'text' && events.length === 2) controller.abort();
				},
			}),
			hasCode('Cancelled'),
		);
		assert.equal(events.length, 2);
	});

	it('stops promptly when aborted before the first byte', async () => {
		const serverDelayMs = 1_500;
		harness.emulator.control.delay('bedrock:ConverseStream', serverDelayMs);
		const controller = new AbortController();
		const started = Date.now();
		setTimeout(() => controller.abort(), 100);
		await assert.rejects(collect(service, ask('hello'), controller), hasCode('Cancelled'));
		const elapsed = Date.now() - started;
		assert.ok(elapsed < serverDelayMs - 300, `did not wait for the delayed reply (${elapsed} ms)`);
		// The emulator keeps handling the abandoned call; let it finish so it cannot take a fault
		// armed by the next test.
		await new Promise((resolve) => setTimeout(resolve, serverDelayMs - elapsed + 200));
	});

	it('reports persistent throttling as Throttled after the SDK retries', async () => {
		harness.emulator.control.resetCounters();
		harness.emulator.control.throttle('bedrock:ConverseStream', 10);
		await assert.rejects(collect(service, ask('hello')), (e: unknown) => {
			hasCode('Throttled')(e);
			assert.match((e as Error).message, new RegExp(`throttling requests for ${ON_DEMAND_MODEL.replace(/\./g, '\\.')} \\(quota\\)`));
			return true;
		});
		assert.equal(harness.emulator.control.counters()['bedrock:ConverseStream'], 3, 'the SDK tried three times, we added none');
	});

	it('tells the chat while the SDK backs off from throttling, then streams the reply', async () => {
		harness.emulator.control.setReplyLength(5);
		harness.emulator.control.throttle('bedrock:ConverseStream', 2);
		const { events, result } = await collect(service, ask('hello'));
		assert.equal(result.stopReason, 'end_turn');
		assert.deepEqual(
			events.filter((e) => e.type === 'retrying'),
			[
				{ type: 'retrying', reason: 'throttled', attempt: 2 },
				{ type: 'retrying', reason: 'throttled', attempt: 3 },
			],
		);
		assert.ok(events.findIndex((e) => e.type === 'text') > events.findLastIndex((e) => e.type === 'retrying'));
	});

	it('says nothing about retries when the SDK retries a 5xx (not throttling)', async () => {
		harness.emulator.control.failWith('bedrock:ConverseStream', 503, 1);
		const { events, result } = await collect(service, ask('hello'));
		assert.equal(result.stopReason, 'end_turn');
		assert.ok(!events.some((e) => e.type === 'retrying'));
	});

	it('retries once, after a pause, when the stream is throttled before any text', async () => {
		harness.emulator.control.setReplyLength(6);
		harness.emulator.control.streamException('throttlingException', 1, 0);
		const events: StreamEvent[] = [];
		const pending = service.converseStream(ask('hello'), { signal: new AbortController().signal, onEvent: (e) => events.push(e) });
		while (clock.pending === 0) await new Promise((r) => setTimeout(r, 5));
		await clock.advance(1_000);
		const result = await pending;
		assert.equal(result.stopReason, 'end_turn');
		assert.deepEqual(events[0], { type: 'retrying', reason: 'throttled', attempt: 2, delayMs: 1_000 });
		assert.equal(textOf(events).trim().split(/\s+/).length, 6, 'the whole reply of the retry');
	});

	it('keeps partial text and throws the code when the stream fails mid-reply', async () => {
		harness.emulator.control.setReplyLength(60);
		harness.emulator.control.streamException('modelStreamErrorException', 1, 3);
		const events: StreamEvent[] = [];
		await assert.rejects(
			service.converseStream(ask('hello'), { signal: new AbortController().signal, onEvent: (e) => events.push(e) }),
			hasCode('ServiceError'),
		);
		assert.equal(events.filter((e) => e.type === 'text').length, 3);
		assert.ok(!events.some((e) => e.type === 'retrying'), 'no retry once text was shown');
	});

	it('does not retry throttling that arrives after text was shown', async () => {
		harness.emulator.control.setReplyLength(60);
		harness.emulator.control.streamException('throttlingException', 1, 2);
		const events: StreamEvent[] = [];
		await assert.rejects(
			service.converseStream(ask('hello'), { signal: new AbortController().signal, onEvent: (e) => events.push(e) }),
			hasCode('Throttled'),
		);
		assert.equal(events.filter((e) => e.type === 'text').length, 2);
		assert.ok(!events.some((e) => e.type === 'retrying'));
	});

	it('reports a connection reset mid-stream as a failure, keeping the text shown so far', async () => {
		harness.emulator.control.setReplyLength(60);
		harness.emulator.control.resetStream(1, 2);
		const events: StreamEvent[] = [];
		await assert.rejects(
			service.converseStream(ask('hello'), { signal: new AbortController().signal, onEvent: (e) => events.push(e) }),
			(e: unknown) => isBedrockConnectError(e) && ['Network', 'ServiceError'].includes(e.code),
		);
		assert.equal(events.filter((e) => e.type === 'text').length, 2);
	});

	it('explains how to get access to a model the account may not use', async () => {
		await assert.rejects(collect(service, ask('hello', NO_ACCESS_MODEL)), (e: unknown) => {
			hasCode('ModelAccessDenied')(e);
			assert.match((e as Error).message, /meta\.llama3-70b-instruct-v1:0 in us-east-1/);
			assert.match((e as { action: string }).action, /Model access/);
			return true;
		});
	});

	it('points a profile-only model to its inference profile, which then works', async () => {
		await assert.rejects(collect(service, ask('hello', PROFILE_ONLY_MODEL)), (e: unknown) => {
			hasCode('ModelNotReady')(e);
			assert.match((e as { action: string }).action, /us\.anthropic\.claude-sonnet-4-20250514-v1:0/);
			return true;
		});
		const { result } = await collect(service, ask('hello', `us.${PROFILE_ONLY_MODEL}`));
		assert.equal(result.stopReason, 'end_turn');
	});

	it('never retries a validation error', async () => {
		harness.emulator.control.resetCounters();
		await assert.rejects(collect(service, ask('hello', 'no.such-model-v1:0')), (e: unknown) => isBedrockConnectError(e) && e.code === 'Validation');
		assert.equal(harness.emulator.control.counters()['bedrock:ConverseStream'], 1);
	});

	it('reports service errors that outlast the SDK retries as ServiceError', async () => {
		harness.emulator.control.failWith('bedrock:ConverseStream', 503, 10);
		await assert.rejects(collect(service, ask('hello')), hasCode('ServiceError'));
	});

	it('never puts a secret the emulator issued into an error message', async () => {
		harness.emulator.control.expireAllCredentials();
		const secrets = harness.emulator.control.issuedSecrets();
		for (const arrange of [
			() => harness.emulator.control.throttle('bedrock:ConverseStream', 10),
			() => harness.emulator.control.failWith('bedrock:ConverseStream', 500, 10),
			() => undefined,
		]) {
			arrange();
			const error = await collect(service, ask('hello', NO_ACCESS_MODEL)).then(
				() => undefined,
				(e: unknown) => e,
			);
			harness.emulator.control.clearFaults();
			if (!error) continue;
			const text = `${(error as Error).message} ${(error as { action?: string }).action ?? ''} ${String((error as Error).cause)}`;
			for (const secret of harness.emulator.control.issuedSecrets().concat(secrets)) {
				assert.ok(!text.includes(secret), 'an issued secret leaked into an error');
			}
		}
	});
});

describe('Bedrock service: network failures', function () {
	let saved: string | undefined;
	before(() => {
		saved = process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME;
		process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = 'http://127.0.0.1:9'; // discard port: nothing listens
	});
	after(() => {
		if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME;
		else process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = saved;
	});

	it('reports an unreachable endpoint as Network', async () => {
		const keys = { accessKeyId: 'ASIAEXAMPLEEXAMPLE12', secretAccessKey: 's', sessionToken: 't', expiration: new Date(Date.now() + 3_600_000) };
		const session = temporaryKeySession({ createTemporaryKeys: () => keys } as unknown as EmulatorControl);
		const service = createBedrockService({ session, logger: silentLogger });
		try {
			await assert.rejects(collect(service, ask('hello')), hasCode('Network'));
		} finally {
			service.dispose();
		}
	});
});
