// The host's side of "attachments only for models that take them": the refusal words, the check
// before sending (nothing reaches Bedrock, the prompt comes back), earlier files sent to such a
// model as notes, "Drop attachments" of the context meter, and the Chat view's imageInput.
import '../../../support/vscodeStubModule';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConverseRequest, ModelCatalogue, ModelOption } from '../../../../src/aws/bedrock/bedrockTypes';
import { chosenModelAmong, modelInputRefusal, withheldNote } from '../../../../src/shared/modelInputCheck';
import type { ChatMessage, HostToWebview, MediaAttachment } from '../../../../src/shared/protocol';
import { attachmentsHeld, withoutOldestAttachments } from '../../../../src/vscode/chat/attachmentDrop';
import { ContextMeter } from '../../../../src/vscode/chat/contextMeter';
import { toChatTurns } from '../../../../src/vscode/chat/conversationRequest';
import { chosenModelIn } from '../../../../src/vscode/chat/modelInputGate';
import { PanelTurns } from '../../../../src/vscode/chat/panelTurns';
import { toModelInformation } from '../../../../src/vscode/nativeChat/modelInformation';
import { fakeBedrockService, fakeConnection, replyWith } from '../../../support/fakeBedrockChat';
import { realPng } from '../../../support/imageFixtures';
import { silentLogger } from '../../../../src/aws/ports';

const HAIKU_35 = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const HAIKU_3 = 'anthropic.claude-3-haiku-20240307-v1:0';
const catalogue: ModelCatalogue = {
	warnings: [],
	models: [
		{ id: HAIKU_35, label: 'Claude 3.5 Haiku (US cross-region)', providerName: 'Anthropic', kind: 'systemInferenceProfile', baseModelIds: ['anthropic.claude-3-5-haiku-20241022-v1:0'], inputs: { images: false, documents: true } },
		{ id: HAIKU_3, label: 'Claude 3 Haiku', providerName: 'Anthropic', kind: 'foundationModel', inputs: { images: true, documents: true } },
		{ id: 'amazon.nova-micro-v1:0', label: 'Nova Micro', providerName: 'Amazon', kind: 'foundationModel', inputs: { images: false, documents: false } },
	],
};
const png = (name = 'shot.png'): MediaAttachment => ({ kind: 'image', name, format: 'png', data: realPng(4, 4).toString('base64') });
const txt = (name = 'notes.txt'): MediaAttachment => ({ kind: 'document', name, format: 'txt', data: Buffer.from('hello').toString('base64') });
const user = (id: string, text: string, media?: MediaAttachment[]): ChatMessage => ({ id, role: 'user', text, status: 'complete', createdAt: 0, ...(media ? { media } : {}) });
const reply = (id: string, text: string): ChatMessage => ({ id, role: 'assistant', text, status: 'complete', createdAt: 0 });

function useModelSetting(modelId: string) {
	const workspace = vscode.workspace as unknown as { getConfiguration: (section: string) => unknown };
	const original = workspace.getConfiguration;
	before(() => {
		workspace.getConfiguration = () => ({ get: (key: string, fallback: unknown) => (key === 'chat.modelId' ? modelId : fallback), inspect: () => undefined, update: async () => undefined });
	});
	after(() => {
		workspace.getConfiguration = original;
	});
}

describe('attachments only for models that take them (host)', () => {
	it('says which model does not take what, names one from the catalogue that does, and allows what is not known', () => {
		const haiku = chosenModelIn(catalogue, HAIKU_35);
		assert.equal(
			modelInputRefusal([png(), png('b.png')], haiku),
			'Anthropic Claude 3.5 Haiku (US cross-region) does not take images: "shot.png", "b.png" cannot be sent with it. Pick a model that takes images, e.g. Anthropic Claude 3 Haiku, or remove the file.',
		);
		assert.equal(modelInputRefusal([txt()], haiku), undefined, 'it takes documents');
		assert.match(modelInputRefusal([txt()], chosenModelIn(catalogue, 'amazon.nova-micro-v1:0')) ?? '', /^Amazon Nova Micro does not take documents: "notes\.txt" cannot be sent with it\. Pick a model that takes documents, e\.g\. Anthropic Claude 3\.5 Haiku/);
		assert.equal(modelInputRefusal([png()], chosenModelIn(catalogue, 'custom.model-v1:0')), undefined, 'a custom id: Bedrock decides');
		assert.equal(modelInputRefusal([png()], chosenModelIn(undefined, HAIKU_35)), undefined, 'no model list: Bedrock decides');
		const alone = chosenModelAmong([{ id: 'x', label: 'X', inputs: { images: false } }], 'x');
		assert.equal(modelInputRefusal([png()], alone), 'X does not take images: "shot.png" cannot be sent with it. Pick a model that takes images, or remove the file.');
	});

	it('sends earlier files to a model that does not take them as a short note, and the rest as blocks', () => {
		const messages = [user('u1', 'look', [png(), txt()]), reply('a1', 'seen'), user('u2', 'and now?')];
		const turns = toChatTurns(messages, { name: 'Claude 3.5 Haiku', inputs: { images: false, documents: true } });
		assert.deepEqual(turns[0]?.media?.map((m) => m.name), ['notes.txt']);
		assert.equal(turns[0]?.text, `${withheldNote('image', 'shot.png', 'Claude 3.5 Haiku')}\n\nlook`);
		assert.equal(withheldNote('image', 'shot.png', 'Claude 3.5 Haiku'), '[image shot.png not sent: Claude 3.5 Haiku does not take images]');
		assert.deepEqual(toChatTurns(messages)[0]?.media?.map((m) => m.name), ['shot.png', 'notes.txt'], 'without a model: all sent');
	});

	describe('before sending', () => {
		useModelSetting(HAIKU_35);

		function turns(conversation: { id: string; messages: ChatMessage[] }) {
			const service = fakeBedrockService(replyWith(['Seen.']), catalogue);
			const posted: HostToWebview[] = [];
			const panel = new PanelTurns({
				signIn: { getConnection: async () => fakeConnection() } as never,
				services: { serviceFor: async () => service, catalogue: async () => catalogue },
				logger: silentLogger,
				saver: { save: async () => undefined } as never,
				post: (m) => posted.push(m),
				shown: () => conversation,
			});
			return { panel, service, posted };
		}

		it('refuses an image the chosen model does not take: nothing reaches Bedrock, the prompt and the file come back', async () => {
			const conversation = { id: 'c', messages: [] as ChatMessage[] };
			const { panel, service, posted } = turns(conversation);
			await panel.send('r1', 'What is this?', [], [png()]);
			assert.equal(service.requests.length, 0);
			const error = posted.find((m): m is Extract<HostToWebview, { type: 'error' }> => m.type === 'error');
			assert.match(error?.error.message ?? '', /does not take images: "shot\.png" cannot be sent with it\. Pick a model that takes images, e\.g\. Anthropic Claude 3 Haiku/);
			assert.deepEqual(error?.error.actions, ['chooseModel']);
			assert.deepEqual(error?.restorePrompt, { text: 'What is this?', context: [], media: [png()] });
			assert.equal(conversation.messages.length, 0);
		});

		it('continues a conversation with earlier images on a text-only model, naming them instead of failing', async () => {
			const conversation = { id: 'c', messages: [user('u1', 'look', [png()]), reply('a1', 'A square.')] };
			const { panel, service } = turns(conversation);
			await panel.send('r2', 'Say more', [], []);
			const sent = service.requests[0] as ConverseRequest;
			assert.equal(sent.messages[0]?.media, undefined);
			assert.match(sent.messages[0]?.text ?? '', /^\[image shot\.png not sent: Anthropic Claude 3\.5 Haiku \(US cross-region\) does not take images\]/);
			assert.equal(conversation.messages.at(-1)?.text, 'Seen.');
			assert.equal(conversation.messages[0]?.media?.[0]?.data, png().data, 'the history keeps the file for a model that takes it');
		});
	});

	describe('Drop attachments', () => {
		// Documents: the chosen model takes them (the chat panel's tests leave this model chosen too).
		useModelSetting(HAIKU_35);

		it('strips the oldest turn that still sends files, keeping their names; counts what is still held', () => {
			const messages = [user('u1', 'a', [png('1.png'), { ...txt('gone.txt'), data: '', kept: false }]), reply('a1', 'x'), user('u2', 'b', [png('2.png')])];
			assert.equal(attachmentsHeld(messages), 2);
			const once = withoutOldestAttachments(messages);
			assert.deepEqual(once?.[0]?.media?.map((m) => [m.name, m.data, m.kept, m.dropped]), [['1.png', '', false, true], ['gone.txt', '', false, undefined]]);
			assert.equal(attachmentsHeld(once ?? []), 1);
			assert.equal(withoutOldestAttachments(withoutOldestAttachments(once ?? []) ?? []), undefined);
			assert.match(toChatTurns(once ?? [])[0]?.text ?? '', /\(Attachments dropped to fit the context window: 1\.png\.\)/);
		});

		function meter(conversation: { id: string; messages: ChatMessage[] }, tokens: (request: ConverseRequest) => number, contextWindow: number | undefined) {
			const service = fakeBedrockService(replyWith([]), catalogue);
			const asked: ConverseRequest[] = [];
			service.countTokens = async (request) => {
				asked.push(request);
				return { inputTokens: tokens(request), ...(contextWindow ? { contextWindow } : {}), estimated: false };
			};
			const posted: HostToWebview[] = [];
			const saved: ChatMessage[][] = [];
			const m = new ContextMeter({
				signIn: { getConnection: async () => fakeConnection() } as never,
				services: { serviceFor: async () => service, catalogue: async () => catalogue },
				saver: { save: async (c: { messages: ChatMessage[] }) => void saved.push(c.messages) } as never,
				post: (message) => posted.push(message),
				shown: () => conversation,
				showConversation: () => posted.push({ type: 'history', conversations: [] }),
				busy: () => false,
			});
			return { m, asked, posted, saved };
		}

		const fileTokens = (request: ConverseRequest) => request.messages.reduce((n, t) => n + (t.media?.length ?? 0) * 100_000, 0);

		it('drops earlier attachments oldest first until the conversation fits, then saves and shows it', async () => {
			const conversation = { id: 'c', messages: [user('u1', 'a', [txt('1.txt')]), reply('a1', 'x'), user('u2', 'b', [txt('2.txt'), txt('3.txt')]), reply('a2', 'y'), user('u3', 'c', [txt('4.txt')]), reply('a3', 'z')] };
			const { m, asked, posted, saved } = meter(conversation, fileTokens, 200_000);
			await m.count('');
			assert.deepEqual(posted.at(-1), { type: 'contextMeter', tokens: 400_000, window: 200_000, estimated: false, attachments: 4 });
			await m.dropAttachments('draft');
			assert.deepEqual(conversation.messages.map((x) => (x.media ?? []).map((f) => f.dropped ?? false)), [[true], [], [true, true], [], [false], []]);
			assert.equal(asked.length, 4, 'the meter\'s count, the same again before dropping (the real service answers it from its cache), then one after each of two drops');
			assert.equal(saved.length, 1);
			assert.equal(posted.at(-1)?.type, 'history', 'the shorter conversation is shown (the page counts again)');
			await m.count('');
			assert.deepEqual(posted.at(-1), { type: 'contextMeter', tokens: 100_000, window: 200_000, estimated: false, attachments: 1 });
		});

		it('leaves files the model is not sent (a note names them) and drops only the ones it is', async () => {
			const conversation = { id: 'c', messages: [user('u1', 'a', [png('1.png')]), reply('a1', 'x'), user('u2', 'b', [txt('2.txt')]), reply('a2', 'y')] };
			const { m, posted } = meter(conversation, fileTokens, 200_000);
			await m.count('');
			assert.equal((posted.at(-1) as { attachments?: number }).attachments, 1, 'the image goes to Claude 3.5 Haiku as a note');
			await m.dropAttachments('');
			assert.deepEqual(conversation.messages.flatMap((x) => (x.media ?? []).map((f) => [f.name, f.dropped ?? false, f.data.length > 0])), [['1.png', false, true], ['2.txt', true, false]]);
		});

		it('drops all of them when the window is not known', async () => {
			const conversation = { id: 'c', messages: [user('u1', 'a', [txt('1.txt')]), reply('a1', 'x'), user('u2', 'b', [txt()]), reply('a2', 'y')] };
			const { m } = meter(conversation, fileTokens, undefined);
			await m.dropAttachments('');
			assert.equal(attachmentsHeld(conversation.messages), 0);
			assert.deepEqual(conversation.messages.flatMap((x) => (x.media ?? []).map((f) => f.name)), ['1.txt', 'notes.txt'], 'the names stay');
		});
	});

	it('tells VS Code\'s Chat view imageInput from the listing, else from the family table', () => {
		const option = (inputs?: ModelOption['inputs']): ModelOption => ({ id: HAIKU_3, label: 'Claude 3 Haiku', kind: 'foundationModel', ...(inputs ? { inputs } : {}) });
		assert.equal(toModelInformation(option({ images: false }), 'us-east-1').capabilities.imageInput, false, 'the listing wins over the table (which says true)');
		assert.equal(toModelInformation({ ...option({ images: true }), id: 'amazon.nova-micro-v1:0' }, 'us-east-1').capabilities.imageInput, true);
		assert.equal(toModelInformation(option(), 'us-east-1').capabilities.imageInput, true, 'not listed: the family table');
	});
});
