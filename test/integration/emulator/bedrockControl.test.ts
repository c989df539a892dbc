// The Bedrock control plane through the real BedrockClient: model listing with filters,
// inference-profile pagination and type filter, lookups, and both ways to authenticate.
import assert from 'node:assert/strict';
import {
	BedrockClient,
	GetFoundationModelCommand,
	GetInferenceProfileCommand,
	ListFoundationModelsCommand,
	ListInferenceProfilesCommand,
	paginateListInferenceProfiles,
} from '@aws-sdk/client-bedrock';
import { useEmulator } from './support';

describe('emulator: Bedrock control plane', function () {
	const harness = useEmulator();

	function bedrock() {
		return new BedrockClient({ credentials: harness.emulator.control.createAccessKey(), maxAttempts: 1 });
	}

	it('lists text models without the embedding model when filtered by byOutputModality=TEXT', async () => {
		const all = await bedrock().send(new ListFoundationModelsCommand({}));
		assert.ok(all.modelSummaries?.some((model) => model.modelId === 'amazon.titan-embed-text-v2:0'));
		const text = await bedrock().send(new ListFoundationModelsCommand({ byOutputModality: 'TEXT' }));
		const ids = text.modelSummaries?.map((model) => model.modelId) ?? [];
		assert.ok(!ids.includes('amazon.titan-embed-text-v2:0'));
		assert.ok(ids.includes('anthropic.claude-3-haiku-20240307-v1:0'));
		const sonnet = text.modelSummaries?.find((model) => model.modelId === 'anthropic.claude-sonnet-4-20250514-v1:0');
		assert.deepEqual(sonnet?.inferenceTypesSupported, ['INFERENCE_PROFILE']);
		assert.equal(sonnet?.modelArn, 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0');
		assert.equal(sonnet?.modelLifecycle?.status, 'ACTIVE');
	});

	it('pages inference profiles two at a time and filters by type', async () => {
		const { control } = harness.emulator;
		const created = control.createApplicationInferenceProfile({ name: 'team-sonnet', modelId: 'us.anthropic.claude-sonnet-4-20250514-v1:0' });
		const client = bedrock();
		control.resetCounters();
		const pages = [];
		for await (const page of paginateListInferenceProfiles({ client }, {})) {
			pages.push(page.inferenceProfileSummaries ?? []);
		}
		assert.deepEqual(
			pages.map((page) => page.length),
			[2, 2],
		);
		assert.equal(control.counters()['bedrock:ListInferenceProfiles'], 2);
		const ids = pages.flat().map((profile) => profile.inferenceProfileId);
		assert.ok(ids.includes('us.anthropic.claude-sonnet-4-20250514-v1:0'));
		assert.ok(ids.includes('us.amazon.nova-lite-v1:0'));
		assert.ok(ids.includes(created.inferenceProfileId));

		const applicationOnly = await client.send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }));
		assert.deepEqual(applicationOnly.inferenceProfileSummaries?.map((profile) => profile.inferenceProfileArn), [created.inferenceProfileArn]);
		assert.equal(applicationOnly.nextToken, undefined);
		assert.equal(control.lastRequest('bedrock:ListInferenceProfiles')?.params.type, 'APPLICATION');

		const system = await client.send(new ListInferenceProfilesCommand({ typeEquals: 'SYSTEM_DEFINED', maxResults: 10 }));
		assert.ok(system.inferenceProfileSummaries?.every((profile) => profile.type === 'SYSTEM_DEFINED' && profile.inferenceProfileId?.startsWith('us.')));
	});

	it('resolves a profile ARN and a model id to their details', async () => {
		const profile = await bedrock().send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: 'us.amazon.nova-lite-v1:0' }));
		assert.equal(profile.models?.[0]?.modelArn, 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0');
		const byArn = await bedrock().send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: profile.inferenceProfileArn }));
		assert.equal(byArn.inferenceProfileId, 'us.amazon.nova-lite-v1:0');
		const model = await bedrock().send(new GetFoundationModelCommand({ modelIdentifier: 'amazon.nova-lite-v1:0' }));
		assert.equal(model.modelDetails?.providerName, 'Amazon');
		await assert.rejects(bedrock().send(new GetFoundationModelCommand({ modelIdentifier: 'nope.model-v1:0' })), { name: 'ResourceNotFoundException' });
	});

	it('accepts a Bedrock API key as a bearer token and refuses one it never issued', async () => {
		const { token } = harness.emulator.control.createBedrockApiKey();
		const withKey = new BedrockClient({ token: { token }, authSchemePreference: ['httpBearerAuth'], maxAttempts: 1 });
		const result = await withKey.send(new ListFoundationModelsCommand({}));
		assert.ok((result.modelSummaries?.length ?? 0) > 0);
		assert.equal(harness.emulator.control.lastRequest('bedrock:ListFoundationModels')?.auth, 'bearer');
		const forged = new BedrockClient({ token: { token: 'ABSKbm90LWlzc3VlZA==' }, authSchemePreference: ['httpBearerAuth'], maxAttempts: 1 });
		await assert.rejects(forged.send(new ListFoundationModelsCommand({})), { name: 'UnrecognizedClientException' });
	});

	it('answers expired role credentials with ExpiredTokenException and unknown keys with UnrecognizedClientException', async () => {
		const { control } = harness.emulator;
		const temporary = control.createTemporaryKeys();
		control.expireAllCredentials();
		await assert.rejects(new BedrockClient({ credentials: temporary, maxAttempts: 1 }).send(new ListFoundationModelsCommand({})), (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
			assert.equal(error.name, 'ExpiredTokenException');
			assert.equal(error.message, 'The security token included in the request is expired');
			assert.equal(error.$metadata?.httpStatusCode, 403);
			return true;
		});
		await assert.rejects(
			new BedrockClient({ credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) }, maxAttempts: 1 }).send(new ListFoundationModelsCommand({})),
			{ name: 'UnrecognizedClientException' },
		);
	});
});
