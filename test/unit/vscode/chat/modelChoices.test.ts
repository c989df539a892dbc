// The model picker's list: grouped by kind, the current custom id kept, pasted ids checked.
import * as assert from 'node:assert/strict';
import type { ModelCatalogue } from '../../../../src/aws/bedrock/bedrockTypes';
import { toModelChoices, toModelState, validateModelId } from '../../../../src/vscode/chat/modelChoices';

const catalogue: ModelCatalogue = {
	models: [
		{ id: 'anthropic.claude-3-haiku-20240307-v1:0', label: 'Claude 3 Haiku', providerName: 'Anthropic', kind: 'foundationModel' },
		{ id: 'us.anthropic.claude-3-5-haiku-20241022-v1:0', label: 'US Claude 3.5 Haiku', kind: 'systemInferenceProfile' },
		{ id: 'amazon.nova-pro-v1:0', label: 'Nova Pro', providerName: 'Amazon', kind: 'foundationModel', requiresInferenceProfile: true },
	],
	warnings: ['Not allowed to list application inference profiles.'],
};

describe('model choices', () => {
	it('puts inference profiles before foundation models and names the provider', () => {
		const choices = toModelChoices(catalogue, 'anthropic.claude-3-haiku-20240307-v1:0');
		assert.deepEqual(choices.map((c) => c.group), ['Inference profiles', 'Foundation models', 'Foundation models']);
		assert.equal(choices[1].label, 'Amazon Nova Pro (needs an inference profile)');
		assert.equal(choices[2].label, 'Anthropic Claude 3 Haiku');
	});

	it('keeps a pasted id that the listing does not contain', () => {
		const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc';
		const choices = toModelChoices(catalogue, arn);
		assert.deepEqual(choices[0], { id: arn, label: arn, group: 'Custom' });
		assert.equal(toModelChoices(undefined, arn).length, 1);
	});

	it('carries warnings and errors into the webview state', () => {
		assert.deepEqual(toModelState('', { catalogue }).warnings, catalogue.warnings);
		assert.equal(toModelState('x', { error: 'Sign in first.' }).error, 'Sign in first.');
		assert.equal(toModelState('x', { loading: true }).loading, true);
	});

	it('accepts model ids and ARNs, refuses blanks and spaces', () => {
		assert.equal(validateModelId('us.anthropic.claude-3-5-haiku-20241022-v1:0'), undefined);
		assert.equal(validateModelId('arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0'), undefined);
		assert.ok(validateModelId('   '));
		assert.ok(validateModelId('claude 3'));
		assert.ok(validateModelId('x'.repeat(3000)));
	});
});
