// Model listing through the real BedrockClient: foundation models and inference profiles
// merged, pagination followed, and a listing the identity may not call degrading gracefully.
import assert from 'node:assert/strict';
import type { BedrockService } from '../../../src/aws/bedrock/bedrockTypes';
import { createBedrockService } from '../../../src/aws/bedrock/bedrockService';
import { silentLogger } from '../../../src/aws/ports';
import { useEmulator } from '../emulator/support';
import { temporaryKeySession } from './testSession';

describe('Bedrock service: listModels', function () {
	const harness = useEmulator();
	let service: BedrockService;

	beforeEach(() => {
		service = createBedrockService({ session: temporaryKeySession(harness.emulator.control), logger: silentLogger });
	});
	afterEach(() => service.dispose());

	it('merges models and profiles across pages, filtering out the embedding model', async () => {
		const team = harness.emulator.control.createApplicationInferenceProfile({ name: 'team-chat', modelId: 'anthropic.claude-sonnet-4-20250514-v1:0' });
		harness.emulator.control.resetCounters();
		const { models, warnings } = await service.listModels();
		const ids = models.map((m) => m.id);

		assert.deepEqual(warnings, []);
		assert.ok(harness.emulator.control.counters()['bedrock:ListInferenceProfiles'] >= 3, 'followed nextToken');
		assert.ok(!ids.some((id) => id.includes('titan-embed')), 'no embedding model or profile');
		assert.ok(ids.includes('anthropic.claude-3-haiku-20240307-v1:0'), 'on-demand model by its id');
		assert.ok(!ids.includes('anthropic.claude-sonnet-4-20250514-v1:0'), 'no bare id for a profile-only model');
		const sonnet = models.find((m) => m.id === 'us.anthropic.claude-sonnet-4-20250514-v1:0');
		assert.equal(sonnet?.kind, 'systemInferenceProfile');
		assert.equal(sonnet?.requiresInferenceProfile, true);
		assert.match(sonnet?.label ?? '', /\(US cross-region\)$/);
		assert.ok(ids.includes('us.anthropic.claude-3-5-haiku-20241022-v1:0'));
		assert.ok(ids.includes('us.amazon.nova-lite-v1:0') && ids.includes('amazon.nova-lite-v1:0'));
		const app = models.find((m) => m.kind === 'applicationInferenceProfile');
		assert.equal(app?.id, team.inferenceProfileArn);
		assert.equal(app?.label, 'team-chat (application profile)');
		assert.equal(new Set(ids).size, ids.length, 'no duplicates');
	});

	it('every listed model can actually stream a reply', async () => {
		const { models } = await service.listModels();
		for (const model of models.filter((m) => !m.id.startsWith('meta.'))) {
			const result = await service.converseStream(
				{ modelId: model.id, messages: [{ role: 'user', text: 'hi' }], maxTokens: 1 },
				{ signal: new AbortController().signal, onEvent: () => undefined },
			);
			assert.ok(result.stopReason, model.id);
		}
	});

	it('shows foundation models with a warning when inference profiles may not be listed', async () => {
		harness.emulator.control.failWith('bedrock:ListInferenceProfiles', 403, 10);
		const { models, warnings } = await service.listModels();
		assert.equal(warnings.length, 1);
		assert.match(warnings[0] ?? '', /Not allowed to list inference profiles/);
		assert.ok(models.some((m) => m.id === 'us.anthropic.claude-sonnet-4-20250514-v1:0' && m.requiresInferenceProfile));
	});

	it('shows profiles with a warning when foundation models may not be listed', async () => {
		harness.emulator.control.failWith('bedrock:ListFoundationModels', 403, 10);
		const { models, warnings } = await service.listModels();
		assert.match(warnings.join(' '), /Not allowed to list foundation models/);
		assert.ok(models.length > 0 && models.every((m) => m.kind !== 'foundationModel'));
	});

	it('falls back to the built-in list when nothing may be listed', async () => {
		harness.emulator.control.failWith('bedrock:ListFoundationModels', 403, 10);
		harness.emulator.control.failWith('bedrock:ListInferenceProfiles', 403, 10);
		const { models, warnings } = await service.listModels();
		assert.ok(models.length > 0 && models.every((m) => m.builtIn));
		assert.ok(warnings.some((w) => /built-in list/.test(w)));
	});
});
