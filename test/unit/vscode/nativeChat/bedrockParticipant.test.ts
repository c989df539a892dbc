// `@bedrock` with a scripted Bedrock service: streamed markdown, history and references in the
// request, the model choice, Stop, the Sign In button when signed out, and failures with buttons.
import '../../../support/languageModelStub';
import assert from 'node:assert/strict';
import type { ConverseRequest, ModelCatalogue } from '../../../../src/aws/bedrock/bedrockTypes';
import type { Connection } from '../../../../src/aws/engineTypes';
import { BedrockConnectError } from '../../../../src/aws/errors';
import { silentLogger } from '../../../../src/aws/ports';
import { ChatServices } from '../../../../src/vscode/chat/chatServices';
import type { EngineModuleType } from '../../../../src/vscode/engineLoader';
import { createParticipantHandler, SIGNED_OUT_ANSWER } from '../../../../src/vscode/nativeChat/bedrockParticipant';
import { modelInformationFor } from '../../../../src/vscode/nativeChat/modelInformation';
import { chooseModelId, historyMessages } from '../../../../src/vscode/nativeChat/participantConversation';
import { mediaTypeOf } from '../../../../src/vscode/nativeChat/participantMedia';
import { imageWithHeader, realPng } from '../../../support/imageFixtures';
import type { SignInAccess } from '../../../../src/vscode/signInAccess';
import { fakeBedrockService, fakeConnection, replyWith, untilAborted, type ReplyScript } from '../../../support/fakeBedrockChat';
import { manualToken } from '../../../support/languageModelStub';
import { vscodeStub } from '../../../support/vscodeStubModule';

const CATALOGUE: ModelCatalogue = {
	warnings: [],
	models: [
		{ id: 'meta.llama2-13b-chat-v1', label: 'Llama 2 (no tools)', providerName: 'Meta', kind: 'foundationModel' },
		{ id: 'anthropic.claude-3-haiku-20240307-v1:0', label: 'Claude 3 Haiku', providerName: 'Anthropic', kind: 'foundationModel' },
		{ id: 'amazon.nova-micro-v1:0', label: 'Nova Micro', providerName: 'Amazon', kind: 'foundationModel' },
		{ id: 'configured.model-v1:0', label: 'Configured', providerName: 'Acme', kind: 'foundationModel' },
	],
};

interface Recorded {
	markdown: string[];
	buttons: Array<{ command: string; title: string }>;
	progress: string[];
}

function setup(reply: ReplyScript = replyWith(['Hello', ' there']), signedIn = true, catalogue?: ModelCatalogue) {
	const connection: Connection | undefined = signedIn ? fakeConnection() : undefined;
	const service = fakeBedrockService(reply, catalogue);
	const engine = { createBedrockService: () => service } as unknown as EngineModuleType;
	const services = new ChatServices({ loadEngine: async () => engine, logger: silentLogger });
	const signIn: SignInAccess = { getConnection: async () => connection, onDidChangeConnection: () => ({ dispose: () => undefined }), signIn: async () => undefined };
	const handler = createParticipantHandler({
		signIn,
		services,
		logger: silentLogger,
		replySettings: () => ({ system: '', maxTokens: 1000, temperature: 0.2 }),
		configuredModelId: () => 'configured.model-v1:0',
	});
	const recorded: Recorded = { markdown: [], buttons: [], progress: [] };
	const stream = {
		markdown: (t: string) => recorded.markdown.push(t),
		button: (b: { command: string; title: string }) => recorded.buttons.push(b),
		progress: (t: string) => recorded.progress.push(t),
	};
	const ask = (request: Record<string, unknown>, history: unknown[] = [], token = manualToken().token) =>
		Promise.resolve(handler({ prompt: 'hi', references: [], model: { vendor: 'bedrock', id: 'anthropic.claude-3-haiku-20240307-v1:0' }, ...request } as never, { history } as never, stream as never, token as never));
	return { ask, recorded, requests: service.requests as ConverseRequest[] };
}

describe('@bedrock participant', () => {
	it('streams the reply as markdown with the Bedrock model picked in the Chat view', async () => {
		const { ask, recorded, requests } = setup();
		const result = await ask({ prompt: 'Say hello' });
		assert.equal(recorded.markdown.join(''), 'Hello there');
		assert.equal(requests[0]?.modelId, 'anthropic.claude-3-haiku-20240307-v1:0');
		assert.deepEqual(requests[0]?.messages, [{ role: 'user', text: 'Say hello' }]);
		assert.equal(requests[0]?.maxTokens, 1000);
		assert.deepEqual(result, { metadata: { modelId: 'anthropic.claude-3-haiku-20240307-v1:0', failed: false } });
	});

	it('the default model or another vendor\'s model: chat.modelId when listed, else the first model that takes tools', () => {
		const models = modelInformationFor(CATALOGUE, 'us-east-1');
		const byDefault = { vendor: 'bedrock', id: 'bedrock-default' };
		assert.equal(chooseModelId({ vendor: 'bedrock', id: 'us.x' }, 'm1', models), 'us.x', 'a picked Bedrock model answers');
		assert.equal(chooseModelId(byDefault, 'amazon.nova-micro-v1:0', models), 'amazon.nova-micro-v1:0');
		assert.equal(chooseModelId({ vendor: 'copilot', id: 'gpt' }, 'amazon.nova-micro-v1:0', models), 'amazon.nova-micro-v1:0');
		assert.equal(chooseModelId(byDefault, 'm1', models), 'anthropic.claude-3-haiku-20240307-v1:0', 'not listed: routed like the provider routes the default');
		assert.equal(chooseModelId(byDefault, '', models), 'anthropic.claude-3-haiku-20240307-v1:0');
		assert.equal(chooseModelId(undefined, '', models), 'anthropic.claude-3-haiku-20240307-v1:0');
		assert.equal(chooseModelId(byDefault, 'm1', undefined), 'm1', 'no listing: chat.modelId as it is');
		assert.equal(chooseModelId(byDefault, '  ', undefined), undefined);
	});

	it('a picked default model answers through chat.modelId', async () => {
		const { ask, recorded, requests } = setup(undefined, true, CATALOGUE);
		const result = await ask({ prompt: 'Say hello', model: { vendor: 'bedrock', id: 'bedrock-default' } });
		assert.equal(recorded.markdown.join(''), 'Hello there');
		assert.equal(requests[0]?.modelId, 'configured.model-v1:0');
		assert.deepEqual(result, { metadata: { modelId: 'configured.model-v1:0', failed: false } });
	});

	it('a picked default model with chat.modelId not listed answers through the first model that takes tools', async () => {
		const catalogue: ModelCatalogue = { warnings: [], models: CATALOGUE.models.filter((m) => m.id !== 'configured.model-v1:0') };
		const { ask, requests } = setup(undefined, true, catalogue);
		await ask({ model: { vendor: 'bedrock', id: 'bedrock-default' } });
		assert.equal(requests[0]?.modelId, 'anthropic.claude-3-haiku-20240307-v1:0');
	});

	it('sends the conversation history of @bedrock only, then the new prompt', async () => {
		const { ask, requests } = setup();
		const history = [
			{ prompt: 'first question', participant: 'bedrockConnect.bedrock' },
			{ response: [{ value: { value: 'first ' } }, { value: { value: 'answer' } }], participant: 'bedrockConnect.bedrock' },
			{ prompt: 'to someone else', participant: 'other.participant' },
		];
		assert.deepEqual(historyMessages(history).map((m) => [m.role, m.text]), [['user', 'first question'], ['assistant', 'first answer']]);
		await ask({ prompt: 'second' }, history);
		assert.deepEqual(requests[0]?.messages, [
			{ role: 'user', text: 'first question' },
			{ role: 'assistant', text: 'first answer' },
			{ role: 'user', text: 'second' },
		]);
	});

	it('puts references (#file, selection, text) in fences before the prompt', async () => {
		const workspace = vscodeStub.workspace as unknown as Record<string, unknown>;
		const saved = { openTextDocument: workspace.openTextDocument, asRelativePath: workspace.asRelativePath };
		workspace.openTextDocument = async () => ({ languageId: 'typescript', getText: (range?: unknown) => (range ? 'selected()' : 'export const a = 1;') });
		workspace.asRelativePath = (uri: { path: string }) => uri.path.replace('/ws/', '');
		const { ask, requests } = setup();
		const file = vscodeStub.Uri.file('/ws/a.ts');
		const location = { uri: vscodeStub.Uri.file('/ws/b.ts'), range: { start: { line: 1 }, end: { line: 3 } } };
		await ask({ prompt: 'explain', references: [{ id: 'f', value: file }, { id: 'sel', value: location }, { id: 'note', value: 'plain words' }] });
		const text = requests[0]?.messages[0]?.text ?? '';
		assert.match(text, /^File a\.ts:\n```typescript\nexport const a = 1;\n```/);
		assert.match(text, /Selection from b\.ts:2-4:\n```typescript\nselected\(\)\n```/);
		assert.match(text, /Selection from note:\n```\nplain words\n```\n\nexplain$/);
		Object.assign(workspace, saved);
	});

	it('signed out: answers with a Sign In button instead of failing', async () => {
		const { ask, recorded, requests } = setup(undefined, false);
		const result = await ask({});
		assert.deepEqual(recorded.markdown, [SIGNED_OUT_ANSWER]);
		assert.deepEqual(recorded.buttons, [{ command: 'bedrockConnect.signIn', title: 'Sign In' }]);
		assert.deepEqual(result, { metadata: { signedOut: true } });
		assert.equal(requests.length, 0);
	});

	it('Stop cancels the reply and keeps what arrived', async () => {
		const { token, cancel } = manualToken();
		const { ask, recorded } = setup(async (_r, { signal, onEvent }) => {
			onEvent({ type: 'text', text: 'partial' });
			setTimeout(cancel, 5);
			await untilAborted(signal);
			throw new BedrockConnectError('Cancelled', 'Stopped.');
		});
		await ask({}, [], token);
		assert.equal(recorded.markdown.join(''), 'partial');
		assert.deepEqual(recorded.buttons, []);
	});

	it('a failure says what to do, with the buttons that help', async () => {
		const { ask, recorded } = setup(async () => {
			throw new BedrockConnectError('ModelAccessDenied', 'You have no access to this model.', { action: 'Request access in the Bedrock console.' });
		});
		const result = await ask({});
		assert.match(recorded.markdown.join(''), /\*\*You have no access to this model\.\*\* Request access in the Bedrock console\./);
		assert.deepEqual(recorded.buttons.map((b) => b.command), ['bedrockConnect.selectModel']);
		assert.equal((result as { metadata: { failed: boolean } }).metadata.failed, true);
	});

	it('/model runs "Bedrock: Select Model…" and says what was chosen', async () => {
		const commands = vscodeStub.commands as unknown as Record<string, unknown>;
		const original = commands.executeCommand;
		const ran: string[] = [];
		commands.executeCommand = async (id: string) => {
			ran.push(id);
			return 'us.amazon.nova-pro-v1:0';
		};
		try {
			const { ask, recorded, requests } = setup();
			await ask({ command: 'model', prompt: '' });
			assert.deepEqual(ran, ['bedrockConnect.selectModel']);
			assert.match(recorded.markdown.join(''), /us\.amazon\.nova-pro-v1:0/);
			assert.equal(requests.length, 0);
		} finally {
			commands.executeCommand = original;
		}
	});

	describe('images and documents among the references', () => {
		const TEXT_ONLY = 'anthropic.claude-3-5-haiku-20241022-v1:0';
		const VISION = 'anthropic.claude-3-haiku-20240307-v1:0';
		const catalogue: ModelCatalogue = {
			warnings: [],
			models: [
				{ id: TEXT_ONLY, label: 'Claude 3.5 Haiku', providerName: 'Anthropic', kind: 'foundationModel', inputs: { images: false, documents: true } },
				{ id: VISION, label: 'Claude 3 Haiku', providerName: 'Anthropic', kind: 'foundationModel', inputs: { images: true, documents: true } },
			],
		};
		const files: Record<string, Uint8Array> = {};
		const workspace = vscodeStub.workspace as unknown as Record<string, unknown>;
		let saved: unknown;
		before(() => {
			saved = workspace.fs;
			workspace.fs = { readFile: async (uri: { path: string }) => files[uri.path] ?? Promise.reject(new Error(`no file ${uri.path}`)) };
		});
		after(() => {
			workspace.fs = saved;
		});
		const png = realPng(4, 4);
		files['/ws/shot.png'] = png;
		files['/ws/spec.pdf'] = new TextEncoder().encode('%PDF-1.4 tiny');
		const imageRef = { id: 'file', value: vscodeStub.Uri.file('/ws/shot.png') };
		const modelOf = (id: string) => ({ vendor: 'bedrock', id });

		it('sends an image #file as an image block to a model that takes images, not as text', async () => {
			const { ask, requests } = setup(undefined, true, catalogue);
			await ask({ prompt: 'What is this?', references: [imageRef], model: modelOf(VISION) });
			assert.deepEqual(requests[0]?.messages, [{ role: 'user', text: 'What is this?', media: [{ kind: 'image', name: 'shot.png', format: 'png', data: png.toString('base64') }] }]);
		});

		it('refuses an image for a text-only model before anything is sent, naming a model that takes it', async () => {
			const { ask, recorded, requests } = setup(undefined, true, catalogue);
			const result = await ask({ prompt: 'What is this?', references: [imageRef], model: modelOf(TEXT_ONLY) });
			assert.equal(requests.length, 0);
			assert.equal(
				recorded.markdown.join(''),
				'\n\n**Anthropic Claude 3.5 Haiku does not take images: "shot.png" cannot be sent with it. Pick a model that takes images, e.g. Anthropic Claude 3 Haiku, or remove the file.** Nothing was sent; your question stays above. Change the model or the references and ask again.',
			);
			assert.deepEqual(recorded.buttons.map((b) => b.command), ['bedrockConnect.selectModel']);
			assert.deepEqual(result, { metadata: { modelId: TEXT_ONLY, failed: true, refused: 'AttachmentRefused' } });
		});

		it('a pasted image (VS Code\'s binary reference) goes as an image block; to a text-only model it is refused', async () => {
			const pasted = { id: 'vscode.image', value: { mimeType: 'image/png', data: async () => png } };
			const vision = setup(undefined, true, catalogue);
			await vision.ask({ references: [pasted], model: modelOf(VISION) });
			assert.equal(vision.requests[0]?.messages[0]?.media?.[0]?.name, 'pasted image.png');
			const textOnly = setup(undefined, true, catalogue);
			await textOnly.ask({ references: [pasted], model: modelOf(TEXT_ONLY) });
			assert.equal(textOnly.requests.length, 0);
			assert.match(textOnly.recorded.markdown.join(''), /"pasted image\.png" cannot be sent with it/);
		});

		it('an earlier turn\'s image goes to a text-only model as a note, and the question is answered', async () => {
			const { ask, recorded, requests } = setup(undefined, true, catalogue);
			const history = [
				{ prompt: 'What is this?', participant: 'bedrockConnect.bedrock', references: [imageRef] },
				{ response: [{ value: { value: 'A square.' } }], participant: 'bedrockConnect.bedrock' },
			];
			await ask({ prompt: 'Say it again', model: modelOf(TEXT_ONLY) }, history);
			assert.equal(recorded.markdown.join(''), 'Hello there');
			assert.deepEqual(requests[0]?.messages.map((m) => [m.role, m.text, m.media?.length ?? 0]), [
				['user', '[image shot.png not sent: Anthropic Claude 3.5 Haiku does not take images]\n\nWhat is this?', 0],
				['assistant', 'A square.', 0],
				['user', 'Say it again', 0],
			]);
			const vision = setup(undefined, true, catalogue);
			await vision.ask({ prompt: 'Say it again', model: modelOf(VISION) }, history);
			assert.equal(vision.requests[0]?.messages[0]?.media?.[0]?.name, 'shot.png', 'a model that takes images gets it again, as the panel sends it');
		});

		it('a PDF #file goes as a document; an image over Bedrock\'s limits is refused with the limit', async () => {
			const { ask, requests } = setup(undefined, true, catalogue);
			await ask({ references: [{ id: 'file', value: vscodeStub.Uri.file('/ws/spec.pdf') }], model: modelOf(TEXT_ONLY) });
			assert.deepEqual(requests[0]?.messages[0]?.media?.map((m) => [m.kind, m.name, m.format]), [['document', 'spec.pdf', 'pdf']]);
			files['/ws/huge.png'] = imageWithHeader('png', 9_000, 10);
			const big = setup(undefined, true, catalogue);
			await big.ask({ references: [{ id: 'file', value: vscodeStub.Uri.file('/ws/huge.png') }], model: modelOf(VISION) });
			assert.equal(big.requests.length, 0);
			assert.match(big.recorded.markdown.join(''), /"huge\.png" is 9000 × 10 px; Bedrock takes images up to 8,000 px a side/);
		});

		it('text files, selections in images and unknown values stay text references', () => {
			assert.equal(mediaTypeOf(vscodeStub.Uri.file('/ws/notes.md')), undefined);
			assert.equal(mediaTypeOf(vscodeStub.Uri.file('/ws/data.csv')), undefined);
			assert.equal(mediaTypeOf(vscodeStub.Uri.file('/ws/a.ts')), undefined);
			assert.equal(mediaTypeOf({ uri: vscodeStub.Uri.file('/ws/shot.png'), range: {} }), undefined);
			assert.equal(mediaTypeOf({ mimeType: 'image/svg+xml', data: async () => new Uint8Array() }), undefined);
			assert.deepEqual(mediaTypeOf(vscodeStub.Uri.file('/ws/Photo.JPG')), { name: 'Photo.JPG', kind: 'image', format: 'jpeg' });
			assert.deepEqual(mediaTypeOf(vscodeStub.Uri.file('/ws/sheet.xlsx')), { name: 'sheet.xlsx', kind: 'document', format: 'xlsx' });
			assert.deepEqual(mediaTypeOf(vscodeStub.Uri.file('/ws/letter.docx')), { name: 'letter.docx', kind: 'document', format: 'docx' });
		});
	});
});
