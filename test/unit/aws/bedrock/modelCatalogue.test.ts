import * as assert from 'node:assert/strict';
import {
	buildModelCatalogue,
	modelIdFromArn,
	splitProfileId,
	type FoundationModelInfo,
	type InferenceProfileInfo,
} from '../../../../src/aws/bedrock/modelCatalogue';

const arn = (id: string, region = 'us-east-1') => `arn:aws:bedrock:${region}::foundation-model/${id}`;

const SONNET_4: FoundationModelInfo = {
	modelId: 'anthropic.claude-sonnet-4-20250514-v1:0',
	modelArn: arn('anthropic.claude-sonnet-4-20250514-v1:0'),
	modelName: 'Claude Sonnet 4',
	providerName: 'Anthropic',
	outputModalities: ['TEXT'],
	responseStreamingSupported: true,
	inferenceTypesSupported: ['INFERENCE_PROFILE'],
	lifecycleStatus: 'ACTIVE',
};
const NOVA_PRO: FoundationModelInfo = {
	modelId: 'amazon.nova-pro-v1:0',
	modelName: 'Nova Pro',
	providerName: 'Amazon',
	outputModalities: ['TEXT'],
	responseStreamingSupported: true,
	inferenceTypesSupported: ['ON_DEMAND'],
	lifecycleStatus: 'ACTIVE',
};
const TITAN_EMBED: FoundationModelInfo = {
	modelId: 'amazon.titan-embed-text-v2:0',
	modelName: 'Titan Text Embeddings V2',
	providerName: 'Amazon',
	outputModalities: ['EMBEDDING'],
	responseStreamingSupported: false,
	inferenceTypesSupported: ['ON_DEMAND'],
};
const CLAUDE_2: FoundationModelInfo = { ...NOVA_PRO, modelId: 'anthropic.claude-v2', modelName: 'Claude', providerName: 'Anthropic', lifecycleStatus: 'LEGACY' };
const NO_STREAM: FoundationModelInfo = { ...NOVA_PRO, modelId: 'x.no-stream-v1', modelName: 'No Stream', responseStreamingSupported: false };
const PROVISIONED_ONLY: FoundationModelInfo = { ...NOVA_PRO, modelId: 'amazon.nova-pro-v1:0:300k', modelName: 'Nova Pro 300k', inferenceTypesSupported: ['PROVISIONED'] };

const US_SONNET_4: InferenceProfileInfo = {
	id: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
	arn: 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0',
	name: 'US Anthropic Claude Sonnet 4',
	type: 'SYSTEM_DEFINED',
	status: 'ACTIVE',
	modelArns: [arn(SONNET_4.modelId), arn(SONNET_4.modelId, 'us-west-2')],
};
const US_NOVA_PRO: InferenceProfileInfo = {
	id: 'us.amazon.nova-pro-v1:0',
	name: 'US Nova Pro',
	type: 'SYSTEM_DEFINED',
	status: 'ACTIVE',
	modelArns: [arn(NOVA_PRO.modelId)],
};
const US_TITAN_EMBED: InferenceProfileInfo = { id: 'us.amazon.titan-embed-text-v2:0', type: 'SYSTEM_DEFINED', status: 'ACTIVE', modelArns: [arn(TITAN_EMBED.modelId)] };
const TEAM_PROFILE: InferenceProfileInfo = {
	id: 'abc123',
	arn: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123',
	name: 'team-chat',
	type: 'APPLICATION',
	status: 'ACTIVE',
	modelArns: [arn(SONNET_4.modelId)],
};

const ids = (c: ReturnType<typeof buildModelCatalogue>) => c.models.map((m) => m.id);

describe('buildModelCatalogue', () => {
	const all = [SONNET_4, NOVA_PRO, TITAN_EMBED, CLAUDE_2, NO_STREAM, PROVISIONED_ONLY];

	it('offers the inference profile, not the bare id, for a model without on-demand throughput', () => {
		const c = buildModelCatalogue({ region: 'us-east-1', foundationModels: all, profiles: [US_SONNET_4, US_NOVA_PRO] });
		assert.ok(!ids(c).includes(SONNET_4.modelId));
		const sonnet = c.models.find((m) => m.id === US_SONNET_4.id);
		assert.deepEqual(sonnet, {
			id: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
			label: 'Claude Sonnet 4 (US cross-region)',
			kind: 'systemInferenceProfile',
			baseModelIds: ['anthropic.claude-sonnet-4-20250514-v1:0'],
			providerName: 'Anthropic',
			requiresInferenceProfile: true,
			inputs: { documents: true },
		});
	});

	it('keeps both the on-demand id and its cross-region profile for on-demand models', () => {
		const c = buildModelCatalogue({ region: 'us-east-1', foundationModels: all, profiles: [US_SONNET_4, US_NOVA_PRO] });
		assert.ok(ids(c).includes('amazon.nova-pro-v1:0'));
		assert.ok(ids(c).includes('us.amazon.nova-pro-v1:0'));
		assert.equal(c.models.find((m) => m.id === 'us.amazon.nova-pro-v1:0')?.requiresInferenceProfile, undefined);
	});

	it('filters out embedding, legacy, non-streaming and provisioned-only models and their profiles', () => {
		const c = buildModelCatalogue({ region: 'us-east-1', foundationModels: all, profiles: [US_TITAN_EMBED] });
		assert.deepEqual(ids(c).sort(), ['amazon.nova-pro-v1:0', 'us.anthropic.claude-sonnet-4-20250514-v1:0'].sort());
	});

	it('offers application profiles by ARN with their name', () => {
		const c = buildModelCatalogue({ region: 'us-east-1', foundationModels: all, profiles: [US_SONNET_4, TEAM_PROFILE] });
		const team = c.models.find((m) => m.kind === 'applicationInferenceProfile');
		assert.equal(team?.id, TEAM_PROFILE.arn);
		assert.equal(team?.label, 'team-chat (application profile)');
		assert.equal(team?.providerName, 'Anthropic');
	});

	it('synthesises the cross-region id for a profile-only model when profiles could not be listed', () => {
		const c = buildModelCatalogue({ region: 'eu-west-1', foundationModels: [SONNET_4], warnings: ['denied'] });
		assert.deepEqual(ids(c), ['eu.anthropic.claude-sonnet-4-20250514-v1:0']);
		assert.equal(c.models[0]?.label, 'Claude Sonnet 4 (EU cross-region)');
		assert.equal(c.models[0]?.requiresInferenceProfile, true);
		assert.deepEqual(c.warnings, ['denied']);
	});

	it('shows profiles only, named by AWS, when foundation models could not be listed', () => {
		const c = buildModelCatalogue({ region: 'us-east-1', profiles: [US_SONNET_4, US_TITAN_EMBED] });
		assert.deepEqual(c.models.map((m) => m.label).sort(), ['US Anthropic Claude Sonnet 4', 'us.amazon.titan-embed-text-v2:0'].sort());
	});

	it('falls back to a flagged built-in list when nothing could be listed', () => {
		const c = buildModelCatalogue({ region: 'us-west-2', warnings: ['denied twice'] });
		assert.ok(c.models.length >= 3);
		assert.ok(c.models.every((m) => m.builtIn === true && m.id.startsWith('us.')));
		assert.equal(c.warnings.length, 2);
	});

	it('skips inactive profiles', () => {
		const c = buildModelCatalogue({ region: 'us-east-1', foundationModels: [NOVA_PRO], profiles: [{ ...US_NOVA_PRO, status: 'INACTIVE' }] });
		assert.deepEqual(ids(c), ['amazon.nova-pro-v1:0']);
	});

	it('tells apart two versions that share a display name', () => {
		const v1 = { ...NOVA_PRO, modelId: 'anthropic.claude-3-5-sonnet-20240620-v1:0', modelName: 'Claude 3.5 Sonnet', providerName: 'Anthropic' };
		const v2 = { ...v1, modelId: 'anthropic.claude-3-5-sonnet-20241022-v2:0' };
		const labels = buildModelCatalogue({ region: 'us-east-1', foundationModels: [v1, v2], profiles: [] }).models.map((m) => m.label);
		assert.equal(new Set(labels).size, 2);
		assert.ok(labels.every((l) => l.startsWith('Claude 3.5 Sonnet · anthropic.claude-3-5-sonnet-')));
	});

	it('groups by provider, the plain model before its profiles', () => {
		const c = buildModelCatalogue({ region: 'us-east-1', foundationModels: all, profiles: [US_SONNET_4, US_NOVA_PRO, TEAM_PROFILE] });
		assert.deepEqual(ids(c), [
			'amazon.nova-pro-v1:0',
			'us.amazon.nova-pro-v1:0',
			'us.anthropic.claude-sonnet-4-20250514-v1:0',
			TEAM_PROFILE.arn,
		]);
	});
});

describe('model id helpers', () => {
	it('reads the model id from a foundation-model ARN', () => {
		assert.equal(modelIdFromArn('arn:aws:bedrock:us-west-2::foundation-model/meta.llama3-3-70b-instruct-v1:0'), 'meta.llama3-3-70b-instruct-v1:0');
	});
	it('splits a geography prefix off a profile id, longest prefix first', () => {
		assert.deepEqual(splitProfileId('us-gov.anthropic.claude-x'), { geography: 'us-gov', modelId: 'anthropic.claude-x' });
		assert.deepEqual(splitProfileId('global.anthropic.claude-x'), { geography: 'global', modelId: 'anthropic.claude-x' });
		assert.deepEqual(splitProfileId('anthropic.claude-x'), { modelId: 'anthropic.claude-x' });
	});
});
