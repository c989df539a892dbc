// What a model takes besides text: images from the listing's inputModalities, documents by
// family, tri-state where unknown, and profiles only when every base model takes it.
import * as assert from 'node:assert/strict';
import { buildModelCatalogue, builtInModels, type FoundationModelInfo, type InferenceProfileInfo } from '../../../../src/aws/bedrock/modelCatalogue';
import { documentsTakenBy, imagesFromModalities, inputsOfBaseModels } from '../../../../src/aws/bedrock/modelInputs';

const arn = (id: string) => `arn:aws:bedrock:us-east-1::foundation-model/${id}`;
const model = (modelId: string, inputModalities: string[] | undefined, inferenceTypesSupported = ['ON_DEMAND', 'INFERENCE_PROFILE']): FoundationModelInfo => ({
	modelId,
	modelName: modelId,
	providerName: 'P',
	outputModalities: ['TEXT'],
	responseStreamingSupported: true,
	inferenceTypesSupported,
	...(inputModalities ? { inputModalities } : {}),
});
const HAIKU_3 = model('anthropic.claude-3-haiku-20240307-v1:0', ['TEXT', 'IMAGE']);
const HAIKU_35 = model('anthropic.claude-3-5-haiku-20241022-v1:0', ['TEXT'], ['INFERENCE_PROFILE']);
const MICRO = model('amazon.nova-micro-v1:0', ['TEXT']);
const LLAMA = model('meta.llama3-70b-instruct-v1:0', ['TEXT']);
const profile = (id: string, type: 'SYSTEM_DEFINED' | 'APPLICATION', ...bases: FoundationModelInfo[]): InferenceProfileInfo => ({
	id,
	type,
	status: 'ACTIVE',
	...(type === 'APPLICATION' ? { arn: `arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/${id}`, name: id } : {}),
	modelArns: bases.map((b) => arn(b.modelId)),
});

describe('model inputs', () => {
	it('reads images from the listing and documents from the family table, unknown otherwise', () => {
		assert.equal(imagesFromModalities(['TEXT', 'IMAGE']), true);
		assert.equal(imagesFromModalities(['TEXT']), false);
		assert.equal(imagesFromModalities(undefined), undefined);
		assert.equal(documentsTakenBy('anthropic.claude-3-5-haiku-20241022-v1:0'), true);
		assert.equal(documentsTakenBy('amazon.nova-micro-v1:0'), false);
		assert.equal(documentsTakenBy('amazon.nova-pro-v1:0'), true);
		assert.equal(documentsTakenBy('amazon.titan-text-premier-v1:0'), false);
		assert.equal(documentsTakenBy('meta.llama3-70b-instruct-v1:0'), undefined, 'a family not in the table is not known');
	});

	it('a profile takes it only when every base model does; one refusal decides; a base not described leaves it unknown', () => {
		assert.deepEqual(inputsOfBaseModels([{ modelId: HAIKU_3.modelId, inputModalities: ['TEXT', 'IMAGE'] }]), { images: true, documents: true });
		assert.deepEqual(inputsOfBaseModels([{ modelId: HAIKU_3.modelId, inputModalities: ['IMAGE'] }, { modelId: MICRO.modelId, inputModalities: ['TEXT'] }]), { images: false, documents: false });
		assert.deepEqual(inputsOfBaseModels([{ modelId: HAIKU_3.modelId, inputModalities: ['IMAGE'] }, { modelId: LLAMA.modelId }]), {});
		assert.deepEqual(inputsOfBaseModels([]), {});
	});

	it('carries what each listed model and profile takes onto its option; application profiles inherit their model', () => {
		const c = buildModelCatalogue({
			region: 'us-east-1',
			foundationModels: [HAIKU_3, HAIKU_35, LLAMA],
			profiles: [profile('us.anthropic.claude-3-5-haiku-20241022-v1:0', 'SYSTEM_DEFINED', HAIKU_35), profile('team', 'APPLICATION', HAIKU_3), profile('mixed', 'APPLICATION', HAIKU_3, HAIKU_35)],
		});
		const inputs = (id: string) => c.models.find((m) => m.id === id || m.id.endsWith(`/${id}`))?.inputs;
		assert.deepEqual(inputs(HAIKU_3.modelId), { images: true, documents: true });
		assert.deepEqual(inputs('us.anthropic.claude-3-5-haiku-20241022-v1:0'), { images: false, documents: true });
		assert.deepEqual(inputs('team'), { images: true, documents: true });
		assert.deepEqual(inputs('mixed'), { images: false, documents: true }, 'a profile that may route to a text-only model does not take images');
		assert.deepEqual(inputs(LLAMA.modelId), { images: false }, 'documents not known for Llama: allowed, Bedrock decides');
	});

	it('knows nothing about built-in entries or profiles listed without the foundation list (images), beyond the family table', () => {
		assert.ok(builtInModels('us-east-1').every((m) => m.inputs === undefined));
		const c = buildModelCatalogue({ region: 'us-east-1', profiles: [profile('us.anthropic.claude-3-5-haiku-20241022-v1:0', 'SYSTEM_DEFINED', HAIKU_35)] });
		assert.deepEqual(c.models[0]?.inputs, { documents: true });
	});
});
