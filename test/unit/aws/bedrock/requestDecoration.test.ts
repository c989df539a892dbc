// The features the Chat view's parts requests get, from the same function as the panel's: cache
// points after the system prompt and the last two user turns (tool-result turns included, the point
// after the results), the enterprise controls, and reasoning with its room and no temperature.
import * as assert from 'node:assert/strict';
import type { ContentBlock } from '@aws-sdk/client-bedrock-runtime';
import { toLmConverseInput } from '../../../../src/aws/bedrock/lmMessages';
import type { LmConverseRequest } from '../../../../src/aws/bedrock/lmTypes';
import { modelFamily } from '../../../../src/aws/bedrock/modelFamily';
import { countCachePoints } from '../../../../src/aws/bedrock/promptCaching';
import { decorateConverseInput } from '../../../../src/aws/bedrock/requestDecoration';

const SONNET_4 = modelFamily('anthropic.claude-sonnet-4-20250514-v1:0');
const HAIKU_3 = modelFamily('anthropic.claude-3-haiku-20240307-v1:0');
const CACHE_POINT = { cachePoint: { type: 'default' } };

const toolLoop: LmConverseRequest = {
	modelId: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
	maxTokens: 1000,
	temperature: 0.5,
	tools: [{ name: 'get_weather', description: 'Weather' }],
	messages: [
		{ role: 'system', parts: [{ kind: 'text', text: 'You are a coding assistant.' }] },
		{ role: 'user', parts: [{ kind: 'text', text: 'Weather in Paris?' }] },
		{ role: 'assistant', parts: [{ kind: 'text', text: 'Checking.' }, { kind: 'toolCall', callId: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } }] },
		{ role: 'user', parts: [{ kind: 'toolResult', callId: 'tooluse_1', content: [{ kind: 'text', text: '18°C' }] }] },
	],
};

describe('decorateConverseInput for the Chat view\'s parts requests', () => {
	it('puts cache points after the system prompt and at the end of the last two user turns, after the tool results', () => {
		const plain = toLmConverseInput(toolLoop).input;
		const input = decorateConverseInput(plain, {}, { family: SONNET_4, caching: true });
		assert.deepEqual(input.system, [{ text: 'You are a coding assistant.' }, CACHE_POINT]);
		const [question, call, results] = input.messages ?? [];
		assert.deepEqual(question?.content?.at(-1), CACHE_POINT);
		assert.equal((call?.content ?? []).some((b: ContentBlock) => 'cachePoint' in b), false, 'none in the assistant turn');
		assert.equal(results?.content?.[0]?.toolResult?.toolUseId, 'tooluse_1', 'tool results stay first');
		assert.deepEqual(results?.content?.at(-1), CACHE_POINT);
		assert.equal(countCachePoints({ system: input.system, messages: input.messages ?? [] }), 3);
		assert.deepEqual(input.toolConfig, plain.toolConfig, 'tools unchanged: the system point covers them (they precede it)');
		assert.equal(countCachePoints({ system: plain.system, messages: plain.messages ?? [] }), 0, 'the plain input is not changed');
	});

	it('adds no cache points when caching is off (setting or refusal) or the model does not cache', () => {
		const plain = toLmConverseInput(toolLoop).input;
		for (const [family, caching] of [[SONNET_4, false], [HAIKU_3, true]] as const) {
			const input = decorateConverseInput(plain, {}, { family, caching });
			assert.equal(countCachePoints({ system: input.system, messages: input.messages ?? [] }), 0);
		}
	});

	it('adds the guardrail with its trace, the service tier and latency mode, and refuses a malformed guardrail', () => {
		const plain = toLmConverseInput(toolLoop).input;
		const input = decorateConverseInput(plain, { guardrail: { identifier: 'gr123', version: '2' }, serviceTier: 'priority', performance: 'optimized' }, { family: SONNET_4, caching: false });
		assert.deepEqual(input.guardrailConfig, { guardrailIdentifier: 'gr123', guardrailVersion: '2', trace: 'enabled' });
		assert.deepEqual(input.serviceTier, { type: 'priority' });
		assert.deepEqual(input.performanceConfig, { latency: 'optimized' });
		assert.throws(() => decorateConverseInput(plain, { guardrail: { identifier: 'no good!', version: '1' } }, { family: SONNET_4, caching: false }), /bedrockConnect\.chat\.guardrail/);
	});

	it('asks a thinking model for its budget on top of maxTokens and sends no temperature; others get neither', () => {
		const plain = toLmConverseInput(toolLoop).input;
		const thinking = decorateConverseInput(plain, { reasoning: 'medium' }, { family: SONNET_4, caching: false });
		assert.deepEqual(thinking.additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 8192 } });
		assert.deepEqual(thinking.inferenceConfig, { maxTokens: 1000 + 8192 });
		const plainModel = decorateConverseInput(plain, { reasoning: 'medium' }, { family: HAIKU_3, caching: false });
		assert.equal(plainModel.additionalModelRequestFields, undefined);
		assert.deepEqual(plainModel.inferenceConfig, { maxTokens: 1000, temperature: 0.5 });
	});
});
