// Which extras a model gets is decided on its base model: ids, system profiles and ARNs of
// either name the same family; application profiles need the service to look them up.
import * as assert from 'node:assert/strict';
import { baseModelOf, isApplicationProfile, modelFamily } from '../../../../src/aws/bedrock/modelFamily';

describe('model family', () => {
	const bases: Array<[string, string | undefined]> = [
		['anthropic.claude-sonnet-4-20250514-v1:0', 'anthropic.claude-sonnet-4-20250514-v1:0'],
		['us.anthropic.claude-sonnet-4-20250514-v1:0', 'anthropic.claude-sonnet-4-20250514-v1:0'],
		['global.anthropic.claude-opus-4-5-20251101-v1:0', 'anthropic.claude-opus-4-5-20251101-v1:0'],
		['apac.amazon.nova-lite-v1:0', 'amazon.nova-lite-v1:0'],
		['arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0', 'amazon.nova-pro-v1:0'],
		['arn:aws:bedrock:eu-west-1:111111111111:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0', 'anthropic.claude-3-7-sonnet-20250219-v1:0'],
		['arn:aws:bedrock:us-east-1:111111111111:application-inference-profile/abc123', undefined],
	];
	for (const [id, base] of bases) {
		it(`finds the base model of ${id}`, () => assert.equal(baseModelOf(id), base));
	}

	it('tells application profiles apart', () => {
		assert.equal(isApplicationProfile('arn:aws:bedrock:us-east-1:111111111111:application-inference-profile/abc123'), true);
		assert.equal(isApplicationProfile('us.anthropic.claude-sonnet-4-20250514-v1:0'), false);
	});

	const families: Array<[string, string, boolean]> = [
		['anthropic.claude-3-7-sonnet-20250219-v1:0', 'anthropicThinking', true],
		['anthropic.claude-sonnet-4-20250514-v1:0', 'anthropicThinking', true],
		['anthropic.claude-opus-4-1-20250805-v1:0', 'anthropicThinking', true],
		['anthropic.claude-haiku-4-5-20251001-v1:0', 'anthropicThinking', true],
		['anthropic.claude-3-5-haiku-20241022-v1:0', 'none', true],
		['anthropic.claude-3-haiku-20240307-v1:0', 'none', false],
		['amazon.nova-lite-v1:0', 'none', true],
		['amazon.nova-2-lite-v1:0', 'novaReasoning', true],
		['deepseek.r1-v1:0', 'always', false],
		['openai.gpt-oss-120b-1:0', 'reasoningEffort', false],
		['meta.llama3-70b-instruct-v1:0', 'none', false],
	];
	for (const [base, reasoning, caching] of families) {
		it(`${base}: reasoning ${reasoning}, caching ${caching}`, () => assert.deepEqual(modelFamily(base), { reasoning, promptCaching: caching }));
	}

	it('gives an unknown or unresolved model no extras', () => {
		assert.deepEqual(modelFamily(undefined), { reasoning: 'none', promptCaching: false });
	});
});
