// Conversations kept in workspaceState, so they survive reloads. No `vscode` import: the store
// takes anything shaped like a Memento, which keeps the capping and repair logic unit-testable.
// Each conversation has its own key, so saving a reply as it streams rewrites only that one.
import type { ChatMessage, ConversationSummary, ConversationView } from '../../shared/protocol';
import { keepMediaWithin } from './mediaBudget';
import { settledForStorage } from './replyPersistence';

export interface StoredConversation extends ConversationView {
	createdAt: number;
	updatedAt: number;
}

/** The part of `vscode.Memento` the store uses. */
export interface KeyValueStore {
	get<T>(key: string): T | undefined;
	update(key: string, value: unknown): PromiseLike<void>;
}

export interface HistoryLimits {
	maxConversations: number;
	maxMessagesPerConversation: number;
	/** Rough budget for everything stored (characters of message and context text). */
	maxTotalChars: number;
	/** Base64 characters of images and documents one stored conversation keeps (newest first). */
	maxMediaCharsPerConversation?: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = {
	maxConversations: 50,
	maxMessagesPerConversation: 200,
	maxTotalChars: 3_000_000,
	maxMediaCharsPerConversation: 1_500_000,
};

/** The index of stored conversations (v2); before v2 it held the whole history (v1, still read). */
export const HISTORY_KEY = 'bedrockConnect.chat.history';
const CONVERSATION_KEY_PREFIX = 'bedrockConnect.chat.conversation.';
const TITLE_CHARS = 60;

export function conversationKey(id: string): string {
	return `${CONVERSATION_KEY_PREFIX}${id}`;
}

/** v1: every conversation under HISTORY_KEY, rewritten on every save. */
interface StoredHistoryV1 {
	v: 1;
	conversations: StoredConversation[];
}

/** v2: the ids under HISTORY_KEY, each conversation under conversationKey(id). */
interface StoredIndex {
	v: 2;
	ids: string[];
}

export function titleFor(messages: readonly ChatMessage[]): string {
	const first = messages.find((m) => m.role === 'user' && m.text.trim().length > 0);
	const text = (first?.text ?? '').replace(/\s+/g, ' ').trim();
	if (!text) {
		return 'New chat';
	}
	return text.length > TITLE_CHARS ? `${text.slice(0, TITLE_CHARS - 1)}…` : text;
}

function messageChars(message: ChatMessage): number {
	const media = (message.media ?? []).reduce((sum, m) => sum + m.data.length, 0);
	const reasoning = (message.reasoning ?? []).reduce((sum, r) => sum + r.text.length + (r.signature?.length ?? 0) + (r.redactedContent?.length ?? 0), 0);
	return message.text.length + reasoning + media + (message.context ?? []).reduce((sum, c) => sum + c.text.length, 0);
}

export function conversationChars(conversation: ConversationView): number {
	return conversation.messages.reduce((sum, m) => sum + messageChars(m), 0);
}

/** Drops the oldest messages over the cap, then any leading assistant message, so the rest still starts with the user. */
export function capMessages(messages: readonly ChatMessage[], max: number): ChatMessage[] {
	let kept = messages.slice(Math.max(0, messages.length - max));
	while (kept.length > 0 && kept[0].role !== 'user') {
		kept = kept.slice(1);
	}
	return kept;
}

function isStoredConversation(value: unknown): value is StoredConversation {
	const c = value as StoredConversation;
	return (
		typeof c === 'object' && c !== null &&
		typeof c.id === 'string' && typeof c.title === 'string' &&
		typeof c.createdAt === 'number' && typeof c.updatedAt === 'number' &&
		Array.isArray(c.messages) &&
		c.messages.every((m) => typeof m === 'object' && m !== null && typeof m.id === 'string' &&
			(m.role === 'user' || m.role === 'assistant') && typeof m.text === 'string')
	);
}

export class HistoryStore {
	private conversations: StoredConversation[];
	/** Read from the v1 layout: the first write stores everything in the v2 layout. */
	private migrating = false;

	constructor(
		private readonly store: KeyValueStore,
		private readonly limits: HistoryLimits = DEFAULT_HISTORY_LIMITS,
		private readonly now: () => number = Date.now,
	) {
		this.conversations = this.load();
	}

	/** Non-empty conversations, most recently updated first. */
	list(): ConversationSummary[] {
		return this.conversations
			.filter((c) => c.messages.length > 0)
			.sort((a, b) => b.updatedAt - a.updatedAt)
			.map((c) => ({ id: c.id, title: c.title, updatedAt: c.updatedAt, messageCount: c.messages.length }));
	}

	get(id: string): StoredConversation | undefined {
		const found = this.conversations.find((c) => c.id === id);
		return found && { ...found, messages: [...found.messages] };
	}

	mostRecent(): StoredConversation | undefined {
		const [first] = this.list();
		return first && this.get(first.id);
	}

	/**
	 * Inserts or replaces the conversation, applies the caps and persists. Empty conversations
	 * are not stored. Saving one already stored writes that conversation's record and nothing else.
	 */
	async save(conversation: ConversationView): Promise<StoredConversation | undefined> {
		const existing = this.conversations.find((c) => c.id === conversation.id);
		const capped = capMessages(conversation.messages.map(settledForStorage), this.limits.maxMessagesPerConversation);
		const messages = keepMediaWithin(capped, this.limits.maxMediaCharsPerConversation ?? DEFAULT_HISTORY_LIMITS.maxMediaCharsPerConversation ?? 0);
		this.conversations = this.conversations.filter((c) => c.id !== conversation.id);
		if (messages.length === 0) {
			if (existing) {
				await this.persistRemoval([conversation.id]);
			}
			return undefined;
		}
		const stored: StoredConversation = {
			id: conversation.id,
			title: titleFor(messages),
			messages,
			createdAt: existing?.createdAt ?? this.now(),
			updatedAt: this.now(),
		};
		this.conversations.push(stored);
		const dropped = this.applyCaps(stored.id);
		if (this.migrating) {
			await this.persistEverything();
		} else {
			// The record first: an index never names a conversation that was not written.
			await this.store.update(conversationKey(stored.id), stored);
			if (!existing || dropped.length > 0) {
				await this.persistRemoval(dropped);
			}
		}
		return this.get(stored.id);
	}

	async delete(id: string): Promise<void> {
		const existed = this.conversations.some((c) => c.id === id);
		this.conversations = this.conversations.filter((c) => c.id !== id);
		if (existed || this.migrating) {
			await this.persistRemoval([id]);
		}
	}

	/** Oldest conversations go first; the one just saved is kept even if it alone is over budget. Returns the dropped ids. */
	private applyCaps(keepId: string): string[] {
		const byAge = [...this.conversations].sort((a, b) => a.updatedAt - b.updatedAt);
		let total = byAge.reduce((sum, c) => sum + conversationChars(c), 0);
		let count = byAge.length;
		const dropped = new Set<string>();
		for (const c of byAge) {
			if (count <= this.limits.maxConversations && total <= this.limits.maxTotalChars) {
				break;
			}
			if (c.id === keepId) {
				continue;
			}
			dropped.add(c.id);
			total -= conversationChars(c);
			count--;
		}
		this.conversations = this.conversations.filter((c) => !dropped.has(c.id));
		return [...dropped];
	}

	private load(): StoredConversation[] {
		const raw = this.store.get<StoredHistoryV1 | StoredIndex>(HISTORY_KEY);
		let found: unknown[] = [];
		if (raw?.v === 2 && Array.isArray(raw.ids)) {
			found = raw.ids.filter((id) => typeof id === 'string').map((id) => this.store.get<unknown>(conversationKey(id)));
		} else if (raw?.v === 1 && Array.isArray(raw.conversations)) {
			found = raw.conversations;
			this.migrating = true;
		}
		// Drop anything malformed rather than failing the whole panel on one bad record.
		return found.filter(isStoredConversation).map((c) => ({ ...c, messages: c.messages.map(settledForStorage) }));
	}

	/** The index without `removedIds` (already out of memory), then their records. */
	private async persistRemoval(removedIds: string[]): Promise<void> {
		if (this.migrating) {
			await this.persistEverything();
			return;
		}
		await this.persistIndex();
		for (const id of removedIds) {
			await this.store.update(conversationKey(id), undefined);
		}
	}

	/** Moves a v1 history to the v2 layout: every record, then the index over the old value. */
	private async persistEverything(): Promise<void> {
		for (const c of this.conversations) {
			await this.store.update(conversationKey(c.id), c);
		}
		await this.persistIndex();
		this.migrating = false;
	}

	private async persistIndex(): Promise<void> {
		const index: StoredIndex = { v: 2, ids: this.conversations.map((c) => c.id) };
		await this.store.update(HISTORY_KEY, index);
	}
}
