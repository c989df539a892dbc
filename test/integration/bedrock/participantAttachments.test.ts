// `@bedrock` with image references, through the real BedrockClient and BedrockRuntimeClient against
// the emulator (SigV4 checked): an image #file for the text-only Claude 3.5 Haiku is refused before
// any ConverseStream call; on Claude 3 Haiku it goes as an image block; a later question on Claude
// 3.5 Haiku sends it as a note and is answered. The file is read from disk; only VS Code is a stand-in.
import '../../support/languageModelStub';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { createBedrockService } from '../../../src/aws/bedrock/bedrockService';
import { silentLogger } from '../../../src/aws/ports';
import { ChatServices } from '../../../src/vscode/chat/chatServices';
import type { EngineModuleType } from '../../../src/vscode/engineLoader';
import { createParticipantHandler } from '../../../src/vscode/nativeChat/bedrockParticipant';
import { realPng } from '../../support/imageFixtures';
import { manualToken } from '../../support/languageModelStub';
import { useEmulator } from '../emulator/support';
import { temporaryKeySession, type CountingSession } from './testSession';

const HAIKU_35 = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const HAIKU_3 = 'anthropic.claude-3-haiku-20240307-v1:0';

describe('@bedrock with image references (real SDK, emulator)', function () {
	const harness = useEmulator();
	let session: CountingSession;
	let services: ChatServices;
	let dir: string;
	const workspace = vscode.workspace as unknown as Record<string, unknown>;
	const saved = workspace.fs;

	before(() => {
		dir = mkdtempSync(join(tmpdir(), 'participant-media-'));
		writeFileSync(join(dir, 'square.png'), realPng(6, 6));
		workspace.fs = { readFile: async (uri: { fsPath: string }) => new Uint8Array(await readFile(uri.fsPath)) };
	});
	after(() => {
		workspace.fs = saved;
		rmSync(dir, { recursive: true, force: true });
	});
	beforeEach(() => {
		session = temporaryKeySession(harness.emulator.control);
		const engine = { createBedrockService: (deps: Parameters<typeof createBedrockService>[0]) => createBedrockService(deps) } as unknown as EngineModuleType;
		services = new ChatServices({ loadEngine: async () => engine, logger: silentLogger });
	});
	afterEach(() => services.dispose());

	function ask(modelId: string, prompt: string, references: unknown[], history: unknown[] = []) {
		const handler = createParticipantHandler({
			signIn: { getConnection: async () => session, onDidChangeConnection: () => ({ dispose: () => undefined }), signIn: async () => undefined },
			services,
			logger: silentLogger,
			replySettings: () => ({ system: '', maxTokens: 500, temperature: 0.2 }),
			configuredModelId: () => '',
		});
		const markdown: string[] = [];
		const stream = { markdown: (t: string) => markdown.push(t), button: () => undefined, progress: () => undefined };
		const request = { prompt, references, model: { vendor: 'bedrock', id: modelId } };
		return Promise.resolve(handler(request as never, { history } as never, stream as never, manualToken().token as never)).then((result) => ({ result, text: markdown.join('') }));
	}

	const imageRef = () => ({ id: 'vscode.file', value: vscode.Uri.file(join(dir, 'square.png')) });
	type Sent = { messages: { content: Record<string, unknown>[] }[] };
	const lastSent = () => harness.emulator.control.lastRequest('bedrock:ConverseStream')?.params as Sent;

	it('refuses an image #file for Claude 3.5 Haiku (text-only) before any ConverseStream call, naming a model that takes images', async () => {
		harness.emulator.control.resetCounters();
		const { result, text } = await ask(HAIKU_35, 'What is in this picture?', [imageRef()]);
		assert.equal(harness.emulator.control.counters()['bedrock:ConverseStream'] ?? 0, 0);
		assert.match(text, /Anthropic Claude 3\.5 Haiku \(US cross-region\) does not take images: "square\.png" cannot be sent with it\. Pick a model that takes images, e\.g\. /);
		assert.match(text, /Nothing was sent; your question stays above\./);
		assert.equal((result as { metadata: { refused?: string } }).metadata.refused, 'AttachmentRefused');
	});

	it('sends the image to Claude 3 Haiku, then a later question on Claude 3.5 Haiku with the image as a note, answered', async () => {
		harness.emulator.control.setNextReplies(['A small square.', 'It was a square.']);
		const first = await ask(HAIKU_3, 'What is this?', [imageRef()]);
		assert.equal(first.text, 'A small square.');
		const image = lastSent().messages[0]?.content.find((b) => 'image' in b)?.image as { format: string } | undefined;
		assert.equal(image?.format, 'png', 'Claude 3 Haiku got the image block');
		const history = [
			{ prompt: 'What is this?', participant: 'bedrockConnect.bedrock', references: [imageRef()] },
			{ response: [{ value: { value: first.text } }], participant: 'bedrockConnect.bedrock' },
		];
		const second = await ask(HAIKU_35, 'Tell me again', [], history);
		assert.equal(second.text, 'It was a square.');
		const blocks = lastSent().messages[0]?.content ?? [];
		assert.ok(!blocks.some((b) => 'image' in b), 'no image block to the text-only model');
		assert.match(String(blocks.find((b) => 'text' in b)?.text), /^\[image square\.png not sent: Anthropic Claude 3\.5 Haiku \(US cross-region\) does not take images\]/);
	});
});
