// Reasoning and prompt caching through the real BedrockRuntimeClient against the emulator:
// what the chat's settings put on the wire (as the emulator read it), per model family, and
// application inference profiles treated as the model behind them.
import assert from 'node:assert/strict';
import type { BedrockService, ConverseRequest, StreamEvent } from '../../../src/aws/bedrock/bedrockTypes';
import { createBedrockService } from '../../../src/aws/bedrock/bedrockService';
import { silentLogger } from '../../../src/aws/ports';
import type { ChatMessage } from '../../../src/shared/protocol';
import { runChatTurn, type ReplySettings } from '../../../src/vscode/chat/chatTurn';
import { useEmulator } from '../emulator/support';
import { realPng } from '../../support/imageFixtures';
import { temporaryKeySession } from './testSession';

const CLAUDE_4_PROFILE = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const CLAUDE_3_HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

type Block = Record<string, unknown>;
type SentMessage = { role: string; content: Block[] };

describe('Bedrock service: reasoning and prompt caching on the wire', function () {
	const harness = useEmulator();
	let service: BedrockService;

	beforeEach(() => {
		service = createBedrockService({ session: temporaryKeySession(harness.emulator.control), logger: silentLogger });
	});
	afterEach(() => service.dispose());

	async function send(request: ConverseRequest): Promise<StreamEvent[]> {
		const events: StreamEvent[] = [];
		await service.converseStream(request, { signal: new AbortController().signal, onEvent: (e) => events.push(e) });
		return events;
	}

	function sent(): { messages: SentMessage[]; system?: Block[]; inferenceConfig?: Block; additionalModelRequestFields?: Block } {
		const request = harness.emulator.control.lastRequest('bedrock:ConverseStream');
		assert.ok(request, 'a ConverseStream call reached the emulator');
		return request.params as never;
	}

	const cachePoints = (params: ReturnType<typeof sent>) =>
		[...(params.system ?? []), ...params.messages.flatMap((m) => m.content)].filter((b) => 'cachePoint' in b).length;

	const conversation: ConverseRequest['messages'] = [
		{ role: 'user', text: 'What is 2+2?' },
		{ role: 'assistant', text: '4' },
		{ role: 'user', text: 'And 3+3?' },
	];

	/** Runs one chat turn (the host's own code) on the real service and returns the reply. */
	async function turn(messages: ChatMessage[], settings: Partial<ReplySettings> = {}): Promise<ChatMessage> {
		const conversation = { messages };
		return runChatTurn(
			{ serviceFor: async () => service, logger: silentLogger },
			{ connection: temporaryKeySession(harness.emulator.control), modelId: CLAUDE_4_PROFILE, conversation, settings: { system: '', maxTokens: 500, temperature: 0.5, ...settings }, signal: new AbortController().signal },
			{ started: () => undefined, textDelta: () => undefined, progress: () => undefined, ended: () => undefined, failed: ({ error }) => assert.fail(`${error.code}: ${error.message}`) },
		);
	}

	const userMessage = (text: string): ChatMessage => ({ id: `u${text.length}`, role: 'user', text, status: 'complete', createdAt: 0 });

	it('asks a Claude 4 profile for a thinking budget, without temperature, with room for the answer', async () => {
		await send({ modelId: CLAUDE_4_PROFILE, messages: [{ role: 'user', text: 'Think first' }], maxTokens: 1000, temperature: 0.5, reasoning: 'low' });
		const params = sent();
		assert.deepEqual(params.additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 2048 } });
		assert.deepEqual(params.inferenceConfig, { maxTokens: 3048 });
	});

	it('streams reasoning with its signature, and a second turn sends it back so Bedrock accepts it', async () => {
		harness.emulator.control.setNextReplies([{ reasoning: 'First I add two and two, which makes four.', text: 'Four.' }]);
		const messages = [userMessage('What is 2+2?')];
		const first = await turn(messages, { reasoning: 'low' });
		assert.equal(first.text, 'Four.');
		assert.equal(first.reasoning?.length, 1);
		assert.equal(first.reasoning?.[0]?.text, 'First I add two and two, which makes four.');
		assert.ok((first.reasoning?.[0]?.signature ?? '').length > 20, 'the signature arrived');
		messages.push(userMessage('And 3+3?'));
		const second = await turn(messages, { reasoning: 'low' });
		assert.equal(second.status, 'complete');
		const [reasoning, text] = sent().messages[1]?.content ?? [];
		assert.deepEqual(reasoning, { reasoningContent: { reasoningText: { text: first.reasoning?.[0]?.text, signature: first.reasoning?.[0]?.signature } } });
		assert.deepEqual(text, { text: 'Four.' });
	});

	it('keeps redacted reasoning as bytes and sends it back unchanged', async () => {
		harness.emulator.control.setNextReplies([{ redactedReasoning: true, text: 'Done.' }]);
		const messages = [userMessage('Something sensitive')];
		const first = await turn(messages, { reasoning: 'medium' });
		const redacted = first.reasoning?.[0]?.redactedContent;
		assert.ok(redacted && redacted.length > 0, 'redacted bytes kept (base64)');
		messages.push(userMessage('Go on'));
		await turn(messages, { reasoning: 'medium' });
		assert.deepEqual(sent().messages[1]?.content[0], { reasoningContent: { redactedContent: redacted } });
	});

	it('sends no reasoning fields or reasoning blocks to a model that does not reason', async () => {
		await send({ modelId: CLAUDE_3_HAIKU, messages: conversation, reasoning: 'high', temperature: 0.5 });
		const params = sent();
		assert.equal(params.additionalModelRequestFields, undefined);
		assert.deepEqual(params.messages[1]?.content, [{ text: '4' }]);
		assert.deepEqual(params.inferenceConfig, { temperature: 0.5 });
	});

	it('puts cache points after the system prompt and the last two user turns of a caching model, and none when turned off', async () => {
		await send({ modelId: CLAUDE_4_PROFILE, messages: conversation, system: 'Be brief.' });
		const params = sent();
		assert.deepEqual(params.system, [{ text: 'Be brief.' }, { cachePoint: { type: 'default' } }]);
		assert.deepEqual(params.messages[0]?.content.at(-1), { cachePoint: { type: 'default' } });
		assert.deepEqual(params.messages[2]?.content.at(-1), { cachePoint: { type: 'default' } });
		assert.equal(cachePoints(params), 3);
		await send({ modelId: CLAUDE_4_PROFILE, messages: conversation, system: 'Be brief.', promptCaching: false });
		assert.equal(cachePoints(sent()), 0);
	});

	it('adds no cache points for a model without prompt caching', async () => {
		await send({ modelId: CLAUDE_3_HAIKU, messages: conversation, system: 'Be brief.' });
		assert.equal(cachePoints(sent()), 0);
	});

	it('caches through an application inference profile of a caching model, looking the profile up once', async () => {
		const { control } = harness.emulator;
		const profile = control.createApplicationInferenceProfile({ name: 'team-sonnet', modelId: 'anthropic.claude-sonnet-4-20250514-v1:0' });
		control.resetCounters();
		await send({ modelId: profile.inferenceProfileArn, messages: conversation, reasoning: 'low' });
		const params = sent();
		assert.equal(cachePoints(params), 2, 'both user turns carry a cache point');
		assert.deepEqual(params.additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 2048 } });
		await send({ modelId: profile.inferenceProfileArn, messages: conversation });
		assert.equal(control.counters()['bedrock:GetInferenceProfile'], 1);
	});

	it('prices the reply from the usage Bedrock reported: table price, override, or unknown', async () => {
		const priced = async (request: ConverseRequest) => {
			const result = await service.converseStream(request, { signal: new AbortController().signal, onEvent: () => undefined });
			assert.ok(result.usage, 'usage reported');
			return { usage: result.usage, cost: result.cost };
		};
		const table = await priced({ modelId: CLAUDE_4_PROFILE, messages: [{ role: 'user', text: 'hello there' }] });
		const expected = (table.usage.inputTokens * 3 + table.usage.outputTokens * 15) / 1_000_000;
		assert.equal(table.cost?.known && Math.abs(table.cost.usd - expected) < 1e-12, true, JSON.stringify(table.cost));
		const overridden = await priced({ modelId: CLAUDE_3_HAIKU, messages: [{ role: 'user', text: 'hello' }], prices: { [CLAUDE_3_HAIKU]: { input: 1_000_000, output: 0 } } });
		assert.deepEqual(overridden.cost, { known: true, usd: overridden.usage.inputTokens, source: 'settings', asOf: 'your settings' });
		const flex = await priced({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', text: 'hello' }], serviceTier: 'flex' });
		assert.equal(flex.cost?.known, false, 'no bundled flex price: unknown, not the default-tier number');
	});

	it('puts the guardrail (with trace), the service tier and latency mode on the wire', async () => {
		const guardrail = harness.emulator.control.createGuardrail();
		await send({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', text: 'hi' }], guardrail: { identifier: guardrail.guardrailIdentifier, version: '1' }, serviceTier: 'priority' });
		const params = sent() as Record<string, unknown>;
		assert.deepEqual(params.guardrailConfig, { guardrailIdentifier: guardrail.guardrailIdentifier, guardrailVersion: '1', trace: 'enabled' });
		assert.deepEqual(params.serviceTier, { type: 'priority' });
		await send({ modelId: 'us.anthropic.claude-3-5-haiku-20241022-v1:0', messages: [{ role: 'user', text: 'hi' }], performance: 'optimized', promptCaching: false });
		assert.deepEqual((sent() as Record<string, unknown>).performanceConfig, { latency: 'optimized' });
	});

	it('sends nothing when the guardrail setting is malformed, and says which setting to fix', async () => {
		const { control } = harness.emulator;
		control.resetCounters();
		await assert.rejects(
			send({ modelId: CLAUDE_3_HAIKU, messages: [{ role: 'user', text: 'hi' }], guardrail: { identifier: 'not valid!', version: '1' } }),
			(e: Error) => /chat\.guardrail/.test(e.message),
		);
		assert.equal(control.counters()['bedrock:ConverseStream'] ?? 0, 0);
	});

	it('says which price overrides it ignored', async () => {
		const events = await send({ modelId: CLAUDE_3_HAIKU, messages: [{ role: 'user', text: 'hi' }], prices: { [CLAUDE_3_HAIKU]: { input: 'cheap' } } as never });
		const problems = events.filter((e) => e.type === 'settingsProblem');
		assert.equal(problems.length, 1);
	});

	it('sends a pasted image and a document through the real SDK; the emulator accepts them as Bedrock would', async () => {
		const png = realPng(6, 4);
		const user: ChatMessage = {
			...userMessage('What is in the picture and the notes?'),
			media: [
				{ kind: 'image', name: 'shot.png', format: 'png', data: png.toString('base64') },
				{ kind: 'document', name: 'meeting notes (v2).txt', format: 'txt', data: Buffer.from('Ship on Friday.').toString('base64') },
			],
		};
		const reply = await turn([user]);
		assert.equal(reply.status, 'complete');
		const content = sent().messages[0]?.content ?? [];
		assert.deepEqual(content[0], { image: { format: 'png', source: { bytes: png.toString('base64') } } });
		assert.deepEqual(content[1], { document: { format: 'txt', name: 'meeting notes (v2)', source: { bytes: Buffer.from('Ship on Friday.').toString('base64') } } });
	});

	it('writes the prompt cache on the first turn and reads it on the next; the usage and the cost count both', async () => {
		const { control } = harness.emulator;
		control.setCacheMinimumTokens(1);
		const messages = [userMessage('Explain prompt caching in one line.')];
		const first = await turn(messages, { system: 'You are a terse assistant who answers in one line.' });
		assert.ok((first.usage?.cacheWriteInputTokens ?? 0) > 0, `written: ${JSON.stringify(first.usage)}`);
		messages.push(userMessage('And again, shorter.'));
		const second = await turn(messages, { system: 'You are a terse assistant who answers in one line.' });
		assert.ok((second.usage?.cacheReadInputTokens ?? 0) > 0, `read: ${JSON.stringify(second.usage)}`);
		assert.ok(second.cost && 'usd' in second.cost, 'Sonnet 4 cache prices are in the table');
	});

	it('sends again without cache points when the model refuses them, and remembers it for the model', async () => {
		const model = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
		const request: ConverseRequest = { modelId: model, messages: [{ role: 'user', text: 'hi' }], system: 'Be brief.', performance: 'optimized' };
		const events = await send(request);
		assert.deepEqual(events.filter((e) => e.type === 'cachingRefused').length, 1);
		assert.equal(cachePoints(sent()), 0, 'the retry went without');
		harness.emulator.control.resetCounters();
		const again = await send(request);
		assert.equal(again.some((e) => e.type === 'cachingRefused'), false);
		assert.equal(harness.emulator.control.counters()['bedrock:ConverseStream'], 1, 'no refused attempt the second time');
	});

	it('marks a reply the guardrail blocked, with the guardrail\'s message as its text', async () => {
		const guardrail = harness.emulator.control.createGuardrail({ blockedWords: ['forbidden'] });
		const reply = await turn([userMessage('Tell me the forbidden thing')], { guardrail: { identifier: guardrail.guardrailIdentifier, version: '1' } });
		assert.equal(reply.guardrailIntervened, true);
		assert.equal(reply.text, 'Sorry, the model cannot answer this question.');
	});

	it('explains a service tier the model does not offer, naming the setting', async () => {
		await assert.rejects(send({ modelId: CLAUDE_4_PROFILE, messages: [{ role: 'user', text: 'hi' }], serviceTier: 'flex' }), (e: Error & { action?: string }) => {
			assert.match(e.message, /flex service tier \(bedrockConnect\.chat\.serviceTier\)/);
			assert.match(e.action ?? '', /chat\.serviceTier/);
			return true;
		});
	});

	it('counts tokens with CountTokens by the base model of a profile, once per request, against its window', async () => {
		const { control } = harness.emulator;
		control.resetCounters();
		const request: ConverseRequest = { modelId: CLAUDE_4_PROFILE, messages: conversation, system: 'Be brief.' };
		const count = await service.countTokens?.(request);
		assert.equal(count?.estimated, false);
		assert.ok((count?.inputTokens ?? 0) > 0);
		assert.equal(count?.contextWindow, 200_000);
		assert.match(control.lastRequest('bedrock:CountTokens')?.path ?? '', /\/model\/anthropic\.claude-sonnet-4-20250514-v1%3A0\/count-tokens$/);
		await service.countTokens?.(request);
		assert.equal(control.counters()['bedrock:CountTokens'], 1, 'the second count came from the cache');
	});

	it('estimates for a model without CountTokens, and stops asking Bedrock for it', async () => {
		const { control } = harness.emulator;
		control.resetCounters();
		const first = await service.countTokens?.({ modelId: CLAUDE_3_HAIKU, messages: [{ role: 'user', text: 'one' }] });
		assert.equal(first?.estimated, true);
		await service.countTokens?.({ modelId: CLAUDE_3_HAIKU, messages: [{ role: 'user', text: 'two' }] });
		assert.equal(control.counters()['bedrock:CountTokens'], 1, 'the refusal is remembered');
	});
});
