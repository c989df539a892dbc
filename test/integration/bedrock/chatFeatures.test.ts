// Reasoning and prompt caching through the real BedrockRuntimeClient against the emulator:
// what the chat's settings put on the wire (as the emulator read it), per model family, and
// application inference profiles treated as the model behind them.
import assert from 'node:assert/strict';
import type { BedrockService, ConverseRequest, StreamEvent } from '../../../src/aws/bedrock/bedrockTypes';
import { createBedrockService } from '../../../src/aws/bedrock/bedrockService';
import { silentLogger } from '../../../src/aws/ports';
import { useEmulator } from '../emulator/support';
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
		{ role: 'assistant', text: '4', reasoning: [{ text: 'Adding two and two.', signature: 'c2lnbmF0dXJl' }, { text: '', redactedContent: Buffer.from('opaque').toString('base64') }] },
		{ role: 'user', text: 'And 3+3?' },
	];

	it('asks a Claude 4 profile for a thinking budget, without temperature, with room for the answer', async () => {
		await send({ modelId: CLAUDE_4_PROFILE, messages: [{ role: 'user', text: 'Think first' }], maxTokens: 1000, temperature: 0.5, reasoning: 'low' });
		const params = sent();
		assert.deepEqual(params.additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 2048 } });
		assert.deepEqual(params.inferenceConfig, { maxTokens: 3048 });
	});

	it('sends signed and redacted reasoning back with the earlier reply, before its text', async () => {
		await send({ modelId: CLAUDE_4_PROFILE, messages: conversation, reasoning: 'medium', promptCaching: false });
		const [reasoning, redacted, text] = sent().messages[1]?.content ?? [];
		assert.deepEqual(reasoning, { reasoningContent: { reasoningText: { text: 'Adding two and two.', signature: 'c2lnbmF0dXJl' } } });
		// The SDK sends the bytes as base64; they arrive as sent.
		assert.deepEqual(redacted, { reasoningContent: { redactedContent: Buffer.from('opaque').toString('base64') } });
		assert.deepEqual(text, { text: '4' });
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
});
