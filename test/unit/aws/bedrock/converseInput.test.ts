// The ConverseStream input per model family: reasoning fields and what they require, signed
// reasoning sent back before the text, and cache points where the prefix is worth keeping.
import * as assert from 'node:assert/strict';
import type { ChatTurn, ConverseRequest } from '../../../../src/aws/bedrock/bedrockTypes';
import { buildConverseInput } from '../../../../src/aws/bedrock/converseInput';
import { modelFamily } from '../../../../src/aws/bedrock/modelFamily';
import { countCachePoints, isCachingRefusal, withCachePoints } from '../../../../src/aws/bedrock/promptCaching';

const CLAUDE = modelFamily('anthropic.claude-sonnet-4-20250514-v1:0');
const HAIKU3 = modelFamily('anthropic.claude-3-haiku-20240307-v1:0');
const NOVA2 = modelFamily('amazon.nova-2-lite-v1:0');
const GPT_OSS = modelFamily('openai.gpt-oss-120b-1:0');

const history: ChatTurn[] = [
	{ role: 'user', text: 'first' },
	{ role: 'assistant', text: 'answer one', reasoning: [{ text: 'I think', signature: 'sig-1' }, { text: '', redactedContent: Buffer.from('secret-bytes').toString('base64') }] },
	{ role: 'user', text: 'second' },
];

function request(extra: Partial<ConverseRequest> = {}): ConverseRequest {
	return { modelId: 'us.anthropic.claude-sonnet-4-20250514-v1:0', messages: history, system: 'Be brief.', maxTokens: 4096, temperature: 0.5, ...extra };
}

describe('buildConverseInput', () => {
	it('asks Claude for a thinking budget, widens max tokens by it and sends no temperature', () => {
		const input = buildConverseInput(request({ reasoning: 'medium' }), { family: CLAUDE, caching: false });
		assert.deepEqual(input.additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 8192 } });
		assert.deepEqual(input.inferenceConfig, { maxTokens: 4096 + 8192 });
	});

	it('maps the levels for Nova 2 and gpt-oss to their own fields and keeps the temperature', () => {
		const nova = buildConverseInput(request({ reasoning: 'high' }), { family: NOVA2, caching: false });
		assert.deepEqual(nova.additionalModelRequestFields, { reasoningConfig: { type: 'enabled', maxReasoningEffort: 'high' } });
		assert.deepEqual(nova.inferenceConfig, { maxTokens: 4096, temperature: 0.5 });
		const oss = buildConverseInput(request({ reasoning: 'low' }), { family: GPT_OSS, caching: false });
		assert.deepEqual(oss.additionalModelRequestFields, { reasoning_effort: 'low' });
	});

	it('sends no reasoning fields when off or when the model cannot reason', () => {
		assert.equal(buildConverseInput(request({ reasoning: 'off' }), { family: CLAUDE, caching: false }).additionalModelRequestFields, undefined);
		assert.equal(buildConverseInput(request({ reasoning: 'high' }), { family: HAIKU3, caching: false }).additionalModelRequestFields, undefined);
	});

	it('sends signed and redacted reasoning back before the text of the turn, for a reasoning model', () => {
		const input = buildConverseInput(request({ reasoning: 'low' }), { family: CLAUDE, caching: false });
		const assistant = input.messages?.[1];
		assert.deepEqual(assistant?.content?.[0], { reasoningContent: { reasoningText: { text: 'I think', signature: 'sig-1' } } });
		const redacted = assistant?.content?.[1]?.reasoningContent?.redactedContent;
		assert.equal(Buffer.from(redacted ?? []).toString(), 'secret-bytes');
		assert.deepEqual(assistant?.content?.[2], { text: 'answer one' });
	});

	it('sends no reasoning to a model that does not reason (e.g. after switching models)', () => {
		const input = buildConverseInput(request(), { family: HAIKU3, caching: false });
		assert.deepEqual(input.messages?.[1]?.content, [{ text: 'answer one' }]);
	});

	it('drops unsigned reasoning: Bedrock would reject it', () => {
		const input = buildConverseInput(
			request({ messages: [{ role: 'user', text: 'q' }, { role: 'assistant', text: 'a', reasoning: [{ text: 'unsigned' }] }, { role: 'user', text: 'q2' }] }),
			{ family: CLAUDE, caching: false },
		);
		assert.deepEqual(input.messages?.[1]?.content, [{ text: 'a' }]);
	});

	it('puts cache points after the system prompt and the last two user turns for a caching model', () => {
		const input = buildConverseInput(request(), { family: CLAUDE, caching: true });
		assert.deepEqual(input.system, [{ text: 'Be brief.' }, { cachePoint: { type: 'default' } }]);
		assert.deepEqual(input.messages?.[0]?.content, [{ text: 'first' }, { cachePoint: { type: 'default' } }]);
		assert.deepEqual(input.messages?.[2]?.content, [{ text: 'second' }, { cachePoint: { type: 'default' } }]);
		assert.equal(countCachePoints({ system: input.system, messages: input.messages ?? [] }), 3);
	});

	it('adds no cache points when caching is off or the model does not cache', () => {
		for (const input of [buildConverseInput(request(), { family: CLAUDE, caching: false }), buildConverseInput(request(), { family: HAIKU3, caching: true })]) {
			assert.equal(countCachePoints({ system: input.system, messages: input.messages ?? [] }), 0);
		}
	});

	it('never exceeds the four cache points Bedrock allows, however long the conversation', () => {
		const long: ChatTurn[] = Array.from({ length: 41 }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', text: `turn ${i}` }));
		const input = buildConverseInput(request({ messages: long }), { family: CLAUDE, caching: true });
		assert.ok(countCachePoints({ system: input.system, messages: input.messages ?? [] }) <= 4);
	});

	it('leaves the prompt it was given unchanged', () => {
		const messages = [{ role: 'user' as const, content: [{ text: 'x' }] }];
		withCachePoints({ messages });
		assert.deepEqual(messages, [{ role: 'user', content: [{ text: 'x' }] }]);
	});

	it('recognises a caching refusal by its name and wording, nothing else', () => {
		const named = (name: string, message: string) => Object.assign(new Error(message), { name });
		assert.equal(isCachingRefusal(named('ValidationException', 'You invoked an unsupported model or your request did not allow prompt caching.')), true);
		assert.equal(isCachingRefusal(named('ValidationException', 'Input is too long for requested model.')), false);
		assert.equal(isCachingRefusal(named('AccessDeniedException', 'prompt caching')), false);
	});
});
