// Attachments only for models that take them, through the real BedrockClient and
// BedrockRuntimeClient against the emulator (SigV4 checked): the listing carries what each model
// and profile takes; the panel's turn refuses an image for the text-only Claude 3.5 Haiku before
// any ConverseStream call, and continues a conversation with an earlier image on it as a note.
// Only VS Code is a stand-in (the model setting); the SDK is not mocked.
import '../../support/vscodeStubModule';
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createBedrockService } from '../../../src/aws/bedrock/bedrockService';
import { silentLogger } from '../../../src/aws/ports';
import type { ChatMessage, HostToWebview, MediaAttachment } from '../../../src/shared/protocol';
import { ChatServices } from '../../../src/vscode/chat/chatServices';
import { rememberModelId } from '../../../src/vscode/chat/modelPicker';
import { PanelTurns } from '../../../src/vscode/chat/panelTurns';
import type { EngineModuleType } from '../../../src/vscode/engineLoader';
import { realPng } from '../../support/imageFixtures';
import { useEmulator } from '../emulator/support';
import { temporaryKeySession, type CountingSession } from './testSession';

const HAIKU_35 = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const HAIKU_3 = 'anthropic.claude-3-haiku-20240307-v1:0';

describe('Attachments only for models that take them (real SDK, emulator)', function () {
	const harness = useEmulator();
	let session: CountingSession;
	let services: ChatServices;
	const workspace = vscode.workspace as unknown as { getConfiguration: (section: string) => unknown };
	const original = workspace.getConfiguration;
	let modelSetting = HAIKU_35;

	before(() => {
		workspace.getConfiguration = () => ({ get: (key: string, fallback: unknown) => (key === 'chat.modelId' ? modelSetting : fallback), inspect: () => undefined, update: async () => undefined });
	});
	after(() => {
		workspace.getConfiguration = original;
	});

	beforeEach(() => {
		session = temporaryKeySession(harness.emulator.control);
		const engine = { createBedrockService: (deps: Parameters<typeof createBedrockService>[0]) => createBedrockService(deps) } as unknown as EngineModuleType;
		services = new ChatServices({ loadEngine: async () => engine, logger: silentLogger });
	});
	afterEach(() => services.dispose());

	async function useModel(modelId: string): Promise<void> {
		modelSetting = modelId;
		await rememberModelId(modelId);
	}

	function panelTurns(conversation: { id: string; messages: ChatMessage[] }) {
		const posted: HostToWebview[] = [];
		const turns = new PanelTurns({
			signIn: { getConnection: async () => session, onDidChangeConnection: () => ({ dispose: () => undefined }), signIn: async () => undefined },
			services,
			logger: silentLogger,
			saver: { save: async () => undefined } as never,
			post: (m) => posted.push(m),
			shown: () => conversation,
		});
		return { turns, posted };
	}

	const png = (): MediaAttachment => ({ kind: 'image', name: 'square.png', format: 'png', data: realPng(6, 6).toString('base64') });

	it('lists what each model takes: images from inputModalities, documents by family; an application profile inherits its model', async () => {
		const team = harness.emulator.control.createApplicationInferenceProfile({ name: 'team-haiku', modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0' });
		const { models } = await services.catalogue(session);
		const inputs = (id: string) => models.find((m) => m.id === id)?.inputs;
		assert.deepEqual(inputs(HAIKU_35), { images: false, documents: true });
		assert.deepEqual(inputs(HAIKU_3), { images: true, documents: true });
		assert.deepEqual(inputs('us.amazon.nova-lite-v1:0'), { images: true, documents: true });
		assert.deepEqual(inputs(team.inferenceProfileArn), { images: false, documents: true });
		assert.deepEqual(inputs('meta.llama3-70b-instruct-v1:0'), { images: false }, 'documents not known for Llama: left to Bedrock');
	});

	it('refuses an image for the text-only model before the service: no ConverseStream call, the prompt comes back', async () => {
		await useModel(HAIKU_35);
		const conversation = { id: 'c1', messages: [] as ChatMessage[] };
		const { turns, posted } = panelTurns(conversation);
		harness.emulator.control.resetCounters();
		await turns.send('r1', 'What is in this picture?', [], [png()]);
		assert.equal(harness.emulator.control.counters()['bedrock:ConverseStream'] ?? 0, 0);
		const error = posted.find((m): m is Extract<HostToWebview, { type: 'error' }> => m.type === 'error');
		assert.equal(error?.error.code, 'AttachmentRefused');
		assert.match(error?.error.message ?? '', /^Anthropic Claude 3\.5 Haiku \(US cross-region\) does not take images: "square\.png" cannot be sent with it\. Pick a model that takes images, e\.g\. /);
		assert.deepEqual(error?.restorePrompt?.media, [png()]);
		assert.equal(error?.restorePrompt?.text, 'What is in this picture?');
	});

	it('answers a conversation with an earlier image on the text-only model: the image goes as a note', async () => {
		await useModel(HAIKU_3);
		const conversation = { id: 'c2', messages: [] as ChatMessage[] };
		const { turns } = panelTurns(conversation);
		harness.emulator.control.setNextReplies(['A small square.', 'It was a square.']);
		await turns.send('r2', 'What is this?', [], [png()]);
		const first = harness.emulator.control.lastRequest('bedrock:ConverseStream')?.params as { messages: { content: Record<string, unknown>[] }[] };
		assert.ok(first.messages[0]?.content[0]?.image, 'Claude 3 Haiku got the image');
		await useModel(HAIKU_35);
		await turns.send('r3', 'Tell me again', [], []);
		const reply = conversation.messages.at(-1);
		assert.equal(reply?.status, 'complete');
		assert.equal(reply?.text, 'It was a square.');
		const second = harness.emulator.control.lastRequest('bedrock:ConverseStream')?.params as { modelId?: string; messages: { content: Record<string, unknown>[] }[] };
		const blocks = second.messages[0]?.content ?? [];
		assert.ok(!blocks.some((b) => 'image' in b), 'no image block to the text-only model');
		assert.match(String(blocks.find((b) => 'text' in b)?.text), /^\[image square\.png not sent: Anthropic Claude 3\.5 Haiku \(US cross-region\) does not take images\]/);
		assert.equal(conversation.messages[0]?.media?.[0]?.data, png().data, 'the history still holds the image');
	});
});
