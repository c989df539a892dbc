// Conversation history in workspaceState: persistence across instances, caps, ordering, and
// repair of what a reload or a corrupt record leaves behind.
import * as assert from 'node:assert/strict';
import type { ChatMessage } from '../../../../src/shared/protocol';
import { capMessages, conversationKey, HISTORY_KEY, HistoryStore, titleFor, type KeyValueStore } from '../../../../src/vscode/chat/historyStore';

class MemoryMemento implements KeyValueStore {
	readonly values = new Map<string, unknown>();
	get<T>(key: string): T | undefined {
		// Round-trip through JSON like VS Code does, so stored objects are never shared.
		const value = this.values.get(key);
		return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as T);
	}
	async update(key: string, value: unknown): Promise<void> {
		// As in VS Code, storing undefined removes the key.
		if (value === undefined) {
			this.values.delete(key);
			return;
		}
		this.values.set(key, JSON.parse(JSON.stringify(value)));
	}
}

let clock = 1_000;
const now = () => ++clock;

function message(role: 'user' | 'assistant', text: string, extra: Partial<ChatMessage> = {}): ChatMessage {
	return { id: `${role}-${text}-${clock}`, role, text, status: 'complete', createdAt: clock, ...extra };
}

describe('chat history store', () => {
	it('restores saved conversations in a new instance (a window reload)', async () => {
		const memento = new MemoryMemento();
		const first = new HistoryStore(memento, undefined, now);
		await first.save({ id: 'c1', title: '', messages: [message('user', 'How do I list S3 buckets?'), message('assistant', 'Use ListBuckets.')] });
		const reloaded = new HistoryStore(memento, undefined, now);
		const conversation = reloaded.get('c1');
		assert.equal(conversation?.messages.length, 2);
		assert.equal(conversation?.title, 'How do I list S3 buckets?');
		assert.equal(reloaded.mostRecent()?.id, 'c1');
	});

	it('lists conversations most recently updated first, without empty ones', async () => {
		const store = new HistoryStore(new MemoryMemento(), undefined, now);
		await store.save({ id: 'old', title: '', messages: [message('user', 'old')] });
		await store.save({ id: 'new', title: '', messages: [message('user', 'new')] });
		await store.save({ id: 'empty', title: '', messages: [] });
		await store.save({ id: 'old', title: '', messages: [message('user', 'old'), message('assistant', 'again')] });
		assert.deepEqual(store.list().map((c) => c.id), ['old', 'new']);
		assert.equal(store.list()[0].messageCount, 2);
	});

	it('restores a reply saved while it streamed as interrupted, with its prompt and partial text', async () => {
		const memento = new MemoryMemento();
		await new HistoryStore(memento, undefined, now).save({ id: 'c', title: '', messages: [message('user', 'q'), message('assistant', 'partial', { status: 'streaming' })] });
		const restored = new HistoryStore(memento, undefined, now).get('c')?.messages;
		assert.deepEqual(restored?.map((m) => [m.role, m.text, m.status]), [['user', 'q', 'complete'], ['assistant', 'partial', 'interrupted']]);
	});

	it('reads a reply stored as still streaming back as interrupted', () => {
		const memento = new MemoryMemento();
		void memento.update(HISTORY_KEY, { v: 1, conversations: [{ id: 'c', title: 'q', createdAt: 1, updatedAt: 2, messages: [message('user', 'q'), message('assistant', 'so far', { status: 'streaming' })] }] });
		assert.equal(new HistoryStore(memento, undefined, now).get('c')?.messages[1].status, 'interrupted');
	});

	it('keeps at most maxConversations, dropping the least recently updated', async () => {
		const store = new HistoryStore(new MemoryMemento(), { maxConversations: 3, maxMessagesPerConversation: 10, maxTotalChars: 1e9 }, now);
		for (const id of ['a', 'b', 'c', 'd', 'e']) {
			await store.save({ id, title: '', messages: [message('user', id)] });
		}
		assert.deepEqual(store.list().map((c) => c.id), ['e', 'd', 'c']);
	});

	it('keeps the total size under budget but never drops the conversation just saved', async () => {
		const store = new HistoryStore(new MemoryMemento(), { maxConversations: 100, maxMessagesPerConversation: 10, maxTotalChars: 250 }, now);
		await store.save({ id: 'a', title: '', messages: [message('user', 'x'.repeat(100))] });
		await store.save({ id: 'b', title: '', messages: [message('user', 'y'.repeat(100))] });
		await store.save({ id: 'c', title: '', messages: [message('user', 'z'.repeat(100))] });
		assert.deepEqual(store.list().map((c) => c.id), ['c', 'b']);
		await store.save({ id: 'huge', title: '', messages: [message('user', 'h'.repeat(1000))] });
		assert.deepEqual(store.list().map((c) => c.id), ['huge']);
	});

	it('caps messages per conversation and keeps the rest starting with a user turn', () => {
		const messages = [message('user', '1'), message('assistant', '2'), message('user', '3'), message('assistant', '4'), message('user', '5')];
		assert.deepEqual(capMessages(messages, 4).map((m) => m.text), ['3', '4', '5']);
		assert.deepEqual(capMessages(messages, 5).map((m) => m.text), ['1', '2', '3', '4', '5']);
	});

	it('deletes a conversation', async () => {
		const store = new HistoryStore(new MemoryMemento(), undefined, now);
		await store.save({ id: 'a', title: '', messages: [message('user', 'a')] });
		await store.delete('a');
		assert.equal(store.get('a'), undefined);
		assert.deepEqual(store.list(), []);
	});

	it('ignores corrupt records instead of failing', () => {
		const memento = new MemoryMemento();
		memento.values.set(HISTORY_KEY, {
			v: 1,
			conversations: [
				{ id: 'ok', title: 't', createdAt: 1, updatedAt: 2, messages: [{ id: 'm', role: 'user', text: 'hi', status: 'complete', createdAt: 1 }] },
				{ id: 'bad', title: 't', createdAt: 1, updatedAt: 2, messages: [{ id: 'm', role: 'system', text: 'hi' }] },
				null,
				'junk',
			],
		});
		assert.deepEqual(new HistoryStore(memento).list().map((c) => c.id), ['ok']);
		memento.values.set(HISTORY_KEY, { v: 99, conversations: 'no' });
		assert.deepEqual(new HistoryStore(memento).list(), []);
	});

	it('titles a conversation by its first user message, shortened', () => {
		assert.equal(titleFor([message('user', '  Explain\n\nIAM   roles  ')]), 'Explain IAM roles');
		assert.equal(titleFor([]), 'New chat');
		const long = titleFor([message('user', 'a'.repeat(200))]);
		assert.equal(long.length, 60);
		assert.ok(long.endsWith('…'));
	});

	it('reads a history stored in the one-key layout (v1) and moves it to one key per conversation on the first write', async () => {
		const memento = new MemoryMemento();
		const stored = (id: string) => ({ id, title: id, createdAt: 1, updatedAt: 2, messages: [message('user', id)] });
		memento.values.set(HISTORY_KEY, { v: 1, conversations: [stored('a'), stored('b')] });
		const store = new HistoryStore(memento, undefined, now);
		assert.deepEqual(store.list().map((c) => c.id).sort(), ['a', 'b']);
		await store.save({ id: 'c', title: '', messages: [message('user', 'c')] });
		assert.deepEqual(memento.get(HISTORY_KEY), { v: 2, ids: ['a', 'b', 'c'] });
		assert.equal(memento.get<{ id: string }>(conversationKey('a'))?.id, 'a');
		assert.deepEqual(new HistoryStore(memento, undefined, now).list().map((c) => c.id).sort(), ['a', 'b', 'c']);
	});

	it('removes the record of a deleted or capped conversation, not only its index entry', async () => {
		const memento = new MemoryMemento();
		const store = new HistoryStore(memento, { maxConversations: 2, maxMessagesPerConversation: 10, maxTotalChars: 1e9 }, now);
		for (const id of ['a', 'b', 'c']) {
			await store.save({ id, title: '', messages: [message('user', id)] });
		}
		assert.equal(memento.values.has(conversationKey('a')), false, 'capped');
		await store.delete('b');
		assert.equal(memento.values.has(conversationKey('b')), false, 'deleted');
		assert.deepEqual([...memento.values.keys()].sort(), [HISTORY_KEY, conversationKey('c')].sort());
		assert.deepEqual(new HistoryStore(memento).list().map((c) => c.id), ['c']);
	});

	it('skips an index entry whose record is missing or corrupt', () => {
		const memento = new MemoryMemento();
		memento.values.set(HISTORY_KEY, { v: 2, ids: ['ok', 'missing', 'bad', 7] });
		memento.values.set(conversationKey('ok'), { id: 'ok', title: 't', createdAt: 1, updatedAt: 2, messages: [message('user', 'hi')] });
		memento.values.set(conversationKey('bad'), { id: 'bad', title: 't', messages: 'no' });
		assert.deepEqual(new HistoryStore(memento).list().map((c) => c.id), ['ok']);
	});
});
