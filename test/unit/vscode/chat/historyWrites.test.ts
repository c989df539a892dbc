// How much the chat history writes while a reply streams: the growing reply is saved about
// once a second (STREAMING_SAVE_INTERVAL_MS), and each save must cost the size of that one
// conversation, not of the whole history. A counting Memento measures the bytes.
import * as assert from 'node:assert/strict';
import type { ChatMessage, ConversationView } from '../../../../src/shared/protocol';
import { HistoryStore, type KeyValueStore } from '../../../../src/vscode/chat/historyStore';
import { STREAMING_SAVE_INTERVAL_MS } from '../../../../src/vscode/chat/replyPersistence';

/** A Memento that counts what each update writes (as JSON, the way VS Code stores it). */
class CountingMemento implements KeyValueStore {
	private readonly values = new Map<string, string>();
	bytesWritten = 0;
	keysWritten: string[] = [];
	get<T>(key: string): T | undefined {
		const json = this.values.get(key);
		return json === undefined ? undefined : (JSON.parse(json) as T);
	}
	async update(key: string, value: unknown): Promise<void> {
		const json = value === undefined ? '' : JSON.stringify(value);
		this.bytesWritten += Buffer.byteLength(json);
		this.keysWritten.push(key);
		if (value === undefined) {
			this.values.delete(key);
		} else {
			this.values.set(key, json);
		}
	}
	reset(): void {
		this.bytesWritten = 0;
		this.keysWritten = [];
	}
}

let clock = 1_000;
const now = () => ++clock;
const message = (role: ChatMessage['role'], text: string, status: ChatMessage['status'] = 'complete'): ChatMessage => ({ id: `${role}-${++clock}`, role, text, status, createdAt: clock });

/** 40 earlier conversations of about 20 000 characters each (about 0.8 MB of history). */
async function fullHistory(memento: CountingMemento): Promise<HistoryStore> {
	const store = new HistoryStore(memento, undefined, now);
	for (let i = 0; i < 40; i++) {
		await store.save({ id: `old-${i}`, title: '', messages: [message('user', `question ${i}`), message('assistant', 'x'.repeat(20_000))] });
	}
	return store;
}

/** Ten seconds of a reply streaming: one save per interval, the reply 500 characters longer each time. */
async function streamTenSeconds(store: HistoryStore, memento: CountingMemento): Promise<{ bytesPerSecond: number; conversationBytes: number }> {
	const reply = message('assistant', '', 'streaming');
	const conversation: ConversationView = { id: 'live', title: '', messages: [message('user', 'explain streaming'), reply] };
	await store.save(conversation);
	memento.reset();
	const seconds = 10;
	for (let elapsed = 0; elapsed < seconds * 1000; elapsed += STREAMING_SAVE_INTERVAL_MS) {
		reply.text += 'y'.repeat(500);
		await store.save(conversation);
	}
	return { bytesPerSecond: memento.bytesWritten / seconds, conversationBytes: Buffer.byteLength(JSON.stringify(conversation)) };
}

describe('chat history writes while a reply streams', () => {
	it('writes only the streaming conversation, not the whole history, about once a second', async () => {
		const memento = new CountingMemento();
		const store = await fullHistory(memento);
		const { bytesPerSecond, conversationBytes } = await streamTenSeconds(store, memento);
		const figures = `${Math.round(bytesPerSecond)} bytes/s written; the streaming conversation is ${conversationBytes} bytes`;
		// One write per second of at most the conversation itself plus its bookkeeping.
		assert.ok(bytesPerSecond < conversationBytes + 1_000, figures);
		assert.equal(new Set(memento.keysWritten).size, 1, `only the streaming conversation's record is rewritten: ${[...new Set(memento.keysWritten)].join(', ')}`);
		const reloaded = new HistoryStore(memento, undefined, now);
		assert.equal(reloaded.list().length, 41, 'the history is whole after a reload');
		assert.equal(reloaded.get('live')?.messages[1].text.length, 5_000);
		assert.equal(reloaded.get('live')?.messages[1].status, 'interrupted');
	});
});
