// Images and documents on the host's side: refused before sending with the reason, sent as
// Converse blocks before the text, and kept in the stored history only within its budget.
import * as assert from 'node:assert/strict';
import { ATTACHMENTS_ONLY_TEXT, toConverseMessages } from '../../../../src/aws/bedrock/conversation';
import { isWebviewToHost, type ChatMessage, type MediaAttachment } from '../../../../src/shared/protocol';
import { attachmentRefusal } from '../../../../src/vscode/chat/attachmentCheck';
import { toChatTurns } from '../../../../src/vscode/chat/conversationRequest';
import { DEFAULT_HISTORY_LIMITS, HistoryStore, type KeyValueStore } from '../../../../src/vscode/chat/historyStore';
import { keepMediaWithin } from '../../../../src/vscode/chat/mediaBudget';
import { imageWithHeader, realPng } from '../../../support/imageFixtures';

const png = (name = 'shot.png'): MediaAttachment => ({ kind: 'image', name, format: 'png', data: realPng(4, 4).toString('base64') });
const doc = (name = 'Q3 report (final).pdf', data = Buffer.from('%PDF-1.4 text').toString('base64')): MediaAttachment => ({ kind: 'document', name, format: 'pdf', data });
const userWith = (text: string, media: MediaAttachment[], id = 'u1'): ChatMessage => ({ id, role: 'user', text, status: 'complete', createdAt: 0, media });

describe('chat attachments', () => {
	it('sends images and documents as blocks before the text, documents under a name Bedrock accepts', () => {
		const [message] = toConverseMessages(toChatTurns([userWith('What is in these?', [png(), doc()])]));
		const content = message?.content ?? [];
		assert.equal(content[0]?.image?.format, 'png');
		assert.deepEqual(Buffer.from(content[0]?.image?.source?.bytes ?? []), realPng(4, 4));
		assert.equal(content[1]?.document?.name, 'Q3 report (final)');
		assert.equal(content[1]?.document?.format, 'pdf');
		assert.deepEqual(content[2], { text: 'What is in these?' });
	});

	it('adds a line of text when the prompt is only attachments (Bedrock wants text beside a document)', () => {
		const [message] = toConverseMessages(toChatTurns([userWith('', [doc()])]));
		assert.deepEqual(message?.content?.at(-1), { text: ATTACHMENTS_ONLY_TEXT });
	});

	it('no longer sends an attachment the history did not keep, and names it instead', () => {
		const [message] = toConverseMessages(toChatTurns([userWith('again', [{ ...doc('old.pdf'), data: '', kept: false }])]));
		assert.equal(message?.content?.length, 1);
		assert.match(message?.content?.[0]?.text ?? '', /no longer kept.*old\.pdf/);
	});

	it('refuses a file over a limit or too many in the request, saying why', () => {
		assert.equal(attachmentRefusal([png()], []), undefined);
		const tooWide = { ...png('wide.png'), data: imageWithHeader('png', 9000, 10).toString('base64') };
		assert.match(attachmentRefusal([tooWide], [])?.message ?? '', /8,000 px/);
		const earlier = [userWith('a', Array.from({ length: 5 }, (_, i) => doc(`d${i}.pdf`)))];
		const refusal = attachmentRefusal([doc('one more.pdf')], earlier);
		assert.match(refusal?.message ?? '', /6 documents .* at most 5 per request \(earlier turns count\)/);
		assert.equal(attachmentRefusal([doc('one more.pdf')], [userWith('a', earlier[0]?.media?.map((m) => ({ ...m, data: '', kept: false })) ?? [])]), undefined, 'dropped ones do not count');
	});

	it('keeps the newest attachments within the history budget and marks older ones not kept', () => {
		const big = (id: string) => userWith(id, [{ ...doc(`${id}.pdf`), data: 'A'.repeat(600) }], id);
		const kept = keepMediaWithin([big('old'), big('mid'), big('new')], 1_300);
		assert.deepEqual(kept.map((m) => m.media?.[0]?.kept ?? true), [false, true, true]);
		assert.equal(kept[0]?.media?.[0]?.data, '');
		assert.equal(kept[0]?.media?.[0]?.name, 'old.pdf', 'the name stays, for the transcript');
	});

	it('accepts a send with well-formed media only', () => {
		const send = (media: unknown) => ({ type: 'send', requestId: 'r1', text: 'x', context: [], media });
		assert.equal(isWebviewToHost(send([png()])), true);
		assert.equal(isWebviewToHost({ type: 'send', requestId: 'r1', text: 'x', context: [] }), true, 'media is optional');
		assert.equal(isWebviewToHost(send([{ ...png(), format: 'bmp' }])), false);
		assert.equal(isWebviewToHost(send([{ ...png(), data: 'not base64!' }])), false);
		assert.equal(isWebviewToHost(send([{ ...png(), kind: 'document' }])), false, 'a png is not a document format');
		assert.equal(isWebviewToHost(send([{ ...png(), extra: 1 }])), false);
		assert.equal(isWebviewToHost(send(Array(26).fill(png()))), false);
	});

	it('stores about 1.1 MB of attachments per conversation by default: an older one is kept as a name only', async () => {
		assert.equal(DEFAULT_HISTORY_LIMITS.maxMediaCharsPerConversation, 1_500_000, 'base64 characters, about 1.1 MB of files');
		const values = new Map<string, unknown>();
		const memento: KeyValueStore = { get: <T>(key: string) => values.get(key) as T, update: async (key, value) => void values.set(key, JSON.parse(JSON.stringify(value ?? null))) };
		const store = new HistoryStore(memento);
		const file = (name: string) => ({ ...doc(name), data: 'A'.repeat(800_000) });
		const saved = await store.save({ id: 'c1', title: '', messages: [userWith('first', [file('old.pdf')], 'u1'), { id: 'a1', role: 'assistant', text: 'ok', status: 'complete', createdAt: 0 }, userWith('second', [file('new.pdf')], 'u2')] });
		assert.deepEqual(saved?.messages.map((msg) => msg.media?.[0]?.kept ?? true), [false, true, true]);
		assert.equal(saved?.messages[0]?.media?.[0]?.name, 'old.pdf');
	});
});
