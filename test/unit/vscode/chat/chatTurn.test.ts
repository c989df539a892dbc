// One chat turn in plain Node, against a hand-written Bedrock service: text in order and
// batched, Stop, failures mapped to the banner, and a prompt that got no answer handed back.
import * as assert from 'node:assert/strict';
import { BedrockConnectError } from '../../../../src/aws/errors';
import { silentLogger } from '../../../../src/aws/ports';
import type { ChatMessage } from '../../../../src/shared/protocol';
import { toErrorView } from '../../../../src/vscode/chat/chatErrors';
import { CACHING_REFUSED_TEXT, runChatTurn, toCostView, type ChatTurnSink, type ReplySettings, type TurnFailure } from '../../../../src/vscode/chat/chatTurn';
import { fakeBedrockService, fakeConnection, ManualTimers, replyWith, untilAborted, type ReplyScript } from '../../../support/fakeBedrockChat';
import { RecordingLogger } from '../../../support/recordingLogger';

const SETTINGS: ReplySettings = { system: '', maxTokens: 4096, temperature: 0.5 };

function message(role: 'user' | 'assistant', text: string, extra: Partial<ChatMessage> = {}): ChatMessage {
	return { id: `${role}-${text}`, role, text, status: 'complete', createdAt: 0, ...extra };
}

/** A sink that writes down every event as a short line. */
function recordingSink() {
	const events: string[] = [];
	const failures: TurnFailure[] = [];
	const sink: ChatTurnSink = {
		started: (assistant) => void events.push(`started ${assistant.status}`),
		textDelta: (text) => void events.push(`text ${text}`),
		reasoningDelta: (text, redacted) => void events.push(redacted ? 'reasoning [redacted]' : `reasoning ${text}`),
		progress: (text) => void events.push(`progress ${text}`),
		usage: (usage) => void events.push(`usage ${usage.inputTokens}/${usage.outputTokens}`),
		ended: (status, usage) => void events.push(`ended ${status}${usage ? ` ${usage.inputTokens}/${usage.outputTokens}` : ''}`),
		failed: (failure) => {
			failures.push(failure);
			events.push(`failed ${failure.error.code}`);
		},
	};
	return { sink, events, failures };
}

function setup(reply: ReplyScript, options: { messages?: ChatMessage[]; user?: ChatMessage; settings?: ReplySettings } = {}) {
	const user = options.user ?? (options.messages ? undefined : message('user', 'Hello?', { context: [{ kind: 'selection', label: 'a.ts:1', language: 'ts', text: 'x' }] }));
	const conversation = { messages: options.messages ?? (user ? [user] : []) };
	const service = fakeBedrockService(reply);
	const timers = new ManualTimers();
	const logger = new RecordingLogger();
	const controller = new AbortController();
	const recorded = recordingSink();
	const run = () =>
		runChatTurn(
			{ serviceFor: async () => service, logger, timers },
			{ connection: fakeConnection(), modelId: 'm', conversation, user, settings: options.settings ?? SETTINGS, signal: controller.signal },
			recorded.sink,
		);
	return { ...recorded, conversation, service, timers, logger, controller, user, run };
}

describe('chat turn', () => {
	it('streams the text in order: the first piece at once, the rest batched per frame', async () => {
		const t = setup(async (_request, { onEvent }) => {
			onEvent({ type: 'text', text: 'Hel' });
			onEvent({ type: 'text', text: 'lo' });
			t.timers.fireAll();
			onEvent({ type: 'text', text: ', ' });
			onEvent({ type: 'text', text: 'world' });
			return { stopReason: 'end_turn', usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 } };
		});
		const reply = await t.run();
		assert.deepEqual(t.events, ['started streaming', 'text Hel', 'text lo', 'text , world', 'ended complete 3/4']);
		assert.equal(reply.text, 'Hello, world');
		assert.equal(reply.status, 'complete');
		assert.deepEqual(t.conversation.messages, [t.user, reply]);
	});

	it('asks for a reply to the conversation so far, with the settings', async () => {
		const messages = [message('user', 'q1'), message('assistant', 'a1'), message('user', 'q2')];
		const t = setup(replyWith(['ok']), { messages, settings: { system: 'Be brief.', maxTokens: 100, temperature: 0.1 } });
		await t.run();
		assert.deepEqual(t.service.requests, [{
			modelId: 'm',
			messages: [{ role: 'user', text: 'q1' }, { role: 'assistant', text: 'a1' }, { role: 'user', text: 'q2' }],
			maxTokens: 100,
			temperature: 0.1,
			system: 'Be brief.',
		}]);
	});

	it('keeps reasoning apart from the text: streamed first, stored per block with its signature', async () => {
		const t = setup(async (_request, { onEvent }) => {
			onEvent({ type: 'reasoning', blockIndex: 0, text: 'Let me ' });
			onEvent({ type: 'reasoning', blockIndex: 0, text: 'think.' });
			onEvent({ type: 'reasoning', blockIndex: 0, signature: 'sig-A' });
			onEvent({ type: 'reasoning', blockIndex: 1, redactedContent: Buffer.from('enc').toString('base64') });
			onEvent({ type: 'reasoning', blockIndex: 1, redactedContent: Buffer.from('rypted').toString('base64') });
			onEvent({ type: 'text', text: 'Answer' });
			return { stopReason: 'end_turn' };
		});
		const reply = await t.run();
		assert.deepEqual(t.events, ['started streaming', 'reasoning Let me ', 'reasoning think.', 'reasoning [redacted]', 'reasoning [redacted]', 'text Answer', 'ended complete']);
		assert.equal(reply.text, 'Answer');
		assert.equal(reply.reasoning?.[0]?.text, 'Let me think.');
		assert.equal(reply.reasoning?.[0]?.signature, 'sig-A');
		assert.equal(Buffer.from(reply.reasoning?.[1]?.redactedContent ?? '', 'base64').toString(), 'encrypted');
	});

	it('sends stored reasoning back with the assistant turn, and the reasoning and caching settings', async () => {
		const messages = [message('user', 'q1'), message('assistant', 'a1', { reasoning: [{ text: 'r', signature: 's' }] }), message('user', 'q2')];
		const t = setup(replyWith(['ok']), { messages, settings: { ...SETTINGS, reasoning: 'high', promptCaching: false } });
		await t.run();
		const sent = t.service.requests[0];
		assert.deepEqual(sent?.messages[1], { role: 'assistant', text: 'a1', reasoning: [{ text: 'r', signature: 's' }] });
		assert.equal(sent?.reasoning, 'high');
		assert.equal(sent?.promptCaching, false);
	});

	it('says so when the model refused prompt caching, and keeps the cache tokens of the usage', async () => {
		const t = setup(async (_request, { onEvent }) => {
			onEvent({ type: 'cachingRefused' });
			onEvent({ type: 'text', text: 'ok' });
			onEvent({ type: 'usage', usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3, cacheReadInputTokens: 5, cacheWriteInputTokens: 7 } });
			return { stopReason: 'end_turn' };
		});
		const reply = await t.run();
		assert.ok(t.events.includes(`progress ${CACHING_REFUSED_TEXT}`));
		assert.deepEqual(reply.usage, { inputTokens: 1, outputTokens: 2, cacheReadInputTokens: 5, cacheWriteInputTokens: 7 });
	});

	it('keeps the cost of the reply, known or not, and hands it to the end of the turn', async () => {
		const t = setup(async (_request, { onEvent }) => {
			onEvent({ type: 'text', text: 'ok' });
			return { stopReason: 'end_turn', usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 }, cost: { known: true, usd: 0.25, source: 'table', asOf: '2026-11-01' } };
		});
		let ended: unknown;
		t.sink.ended = (_status, _usage, cost) => void (ended = cost);
		const reply = await t.run();
		assert.deepEqual(reply.cost, { usd: 0.25, asOf: '2026-11-01' });
		assert.deepEqual(ended, { usd: 0.25, asOf: '2026-11-01' });
		assert.deepEqual(toCostView({ known: false, reason: 'No price.' }), { unknown: 'No price.' });
	});

	it('marks a reply the guardrail blocked, and passes settings problems on as progress', async () => {
		const t = setup(async (_request, { onEvent }) => {
			onEvent({ type: 'settingsProblem', message: 'bedrockConnect.chat.prices["x"] is ignored' });
			onEvent({ type: 'text', text: 'Sorry, the model cannot answer this question.' });
			onEvent({ type: 'stop', stopReason: 'guardrail_intervened' });
			return { stopReason: 'guardrail_intervened' };
		});
		const reply = await t.run();
		assert.equal(reply.guardrailIntervened, true);
		assert.equal(reply.status, 'complete');
		assert.ok(t.events.includes('progress bedrockConnect.chat.prices["x"] is ignored'));
	});

	it('passes the enterprise settings and price overrides on, and leaves defaults out', async () => {
		const t = setup(replyWith(['ok']), { settings: { ...SETTINGS, serviceTier: 'priority', performance: 'optimized', guardrail: { identifier: 'g1', version: '1' }, prices: { m: { input: 1, output: 1 } } } });
		await t.run();
		const sent = t.service.requests[0];
		assert.deepEqual([sent?.serviceTier, sent?.performance, sent?.guardrail, sent?.prices], ['priority', 'optimized', { identifier: 'g1', version: '1' }, { m: { input: 1, output: 1 } }]);
		const plain = setup(replyWith(['ok']), { settings: { ...SETTINGS, serviceTier: 'default', performance: 'standard', prices: {} } });
		await plain.run();
		assert.deepEqual(Object.keys(plain.service.requests[0] ?? {}).sort(), ['maxTokens', 'messages', 'modelId', 'temperature']);
	});

	it('sends no system prompt when none is set', async () => {
		const t = setup(replyWith(['ok']));
		await t.run();
		assert.equal('system' in (t.service.requests[0] ?? {}), false);
	});

	it('waits for the consumer to be ready before asking Bedrock', async () => {
		const order: string[] = [];
		const t = setup(async () => {
			order.push('converse');
			return { stopReason: 'end_turn' };
		});
		t.sink.started = async () => {
			await new Promise((resolve) => setTimeout(resolve, 5));
			order.push('started');
		};
		await t.run();
		assert.deepEqual(order, ['started', 'converse']);
	});

	it('stops when the signal aborts and keeps the text so far', async () => {
		const t = setup(async (_request, { signal, onEvent }) => {
			onEvent({ type: 'text', text: 'partial' });
			await untilAborted(signal);
			throw new BedrockConnectError('Cancelled', 'Stopped.');
		});
		const running = t.run();
		await new Promise((resolve) => setImmediate(resolve));
		t.controller.abort();
		const reply = await running;
		assert.deepEqual(t.events, ['started streaming', 'text partial', 'ended stopped']);
		assert.equal(reply.status, 'stopped');
		assert.equal(reply.text, 'partial');
		assert.equal(t.conversation.messages.length, 2);
	});

	it('reports a stop the service ended without an error as stopped too', async () => {
		const t = setup(async (_request, { onEvent }) => {
			onEvent({ type: 'text', text: 'a' });
			t.controller.abort();
			return { stopReason: 'end_turn' };
		});
		assert.equal((await t.run()).status, 'stopped');
		assert.deepEqual(t.events.at(-1), 'ended stopped');
	});

	it('hands back the prompt of a new turn that got nothing, with the banner for the error', async () => {
		const error = new BedrockConnectError('Throttled', 'Bedrock is throttling requests.');
		const t = setup(async () => {
			throw error;
		});
		const reply = await t.run();
		assert.deepEqual(t.events, ['started streaming', 'failed Throttled']);
		assert.deepEqual(t.failures, [{
			error: toErrorView(error),
			removedMessageIds: [reply.id, t.user?.id],
			restorePrompt: { text: 'Hello?', context: t.user?.context },
		}]);
		assert.equal(t.failures[0]?.error.message, 'Bedrock is throttling requests.');
		assert.deepEqual(t.conversation.messages, [], 'the unanswered turn leaves the conversation, and its prompt goes back');
	});

	it('keeps a retried user turn in the conversation when nothing arrives', async () => {
		const retried = message('user', 'q');
		const t = setup(async () => {
			throw new BedrockConnectError('Network', 'Bedrock could not be reached.');
		}, { messages: [retried] });
		const reply = await t.run();
		assert.deepEqual(t.failures, [{ error: toErrorView(new BedrockConnectError('Network', 'Bedrock could not be reached.')), removedMessageIds: [reply.id] }]);
		assert.deepEqual(t.conversation.messages, [retried]);
	});

	it('keeps the text of a reply an error cut short, as incomplete', async () => {
		const t = setup(async (_request, { onEvent }) => {
			onEvent({ type: 'text', text: 'half' });
			throw new BedrockConnectError('Network', 'The connection dropped.');
		});
		const reply = await t.run();
		assert.deepEqual(t.events, ['started streaming', 'text half', 'ended incomplete', 'failed Network']);
		assert.deepEqual(t.failures, [{ error: toErrorView(new BedrockConnectError('Network', 'The connection dropped.')) }]);
		assert.equal(reply.status, 'incomplete');
		assert.deepEqual(t.conversation.messages, [t.user, reply]);
		assert.deepEqual(t.logger.lines, ['warn reply failed: Network after partial output']);
	});

	it('maps an unexpected error to the generic banner and never logs its text', async () => {
		const t = setup(async () => {
			throw new Error('secret-ish internal detail');
		});
		await t.run();
		assert.equal(t.failures[0]?.error.message, 'The request failed unexpectedly.');
		assert.equal(t.failures[0]?.restorePrompt?.text, 'Hello?');
		assert.deepEqual(t.logger.lines, ['warn reply failed: Unknown']);
	});

	it('flushes held-back text before a retry notice, and reports usage as it comes', async () => {
		const t = setup(async (_request, { onEvent }) => {
			onEvent({ type: 'text', text: 'a' });
			onEvent({ type: 'text', text: 'b' });
			onEvent({ type: 'retrying', reason: 'credentialsRefreshed', attempt: 2 });
			onEvent({ type: 'usage', usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 } });
			return { stopReason: 'end_turn' };
		});
		const reply = await t.run();
		assert.deepEqual(t.events, ['started streaming', 'text a', 'text b', 'progress Credentials refreshed; sending again…', 'usage 1/2', 'ended complete 1/2']);
		assert.deepEqual(reply.usage, { inputTokens: 1, outputTokens: 2 });
	});

	it('runs with the default logger and timers too', async () => {
		const conversation = { messages: [message('user', 'q')] };
		const { sink, events } = recordingSink();
		const service = fakeBedrockService(replyWith(['x', 'y']));
		await runChatTurn({ serviceFor: async () => service, logger: silentLogger }, { connection: fakeConnection(), modelId: 'm', conversation, settings: SETTINGS, signal: new AbortController().signal }, sink);
		assert.deepEqual(events, ['started streaming', 'text x', 'text y', 'ended complete']);
	});
});
