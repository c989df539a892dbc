// Conversations kept in workspaceState, so they survive reloads. No `vscode` import: the store
// takes anything shaped like a Memento, which keeps the capping and repair logic unit-testable.
import type { ChatMessage, ConversationSummary, ConversationView } from '../../shared/protocol';
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
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = {
	maxConversations: 50,
	maxMessagesPerConversation: 200,
	maxTotalChars: 3_000_000,
};

export const HISTORY_KEY = 'bedrockConnect.chat.history';
const TITLE_CHARS = 60;

interface StoredHistory {
	v: 1;
	conversations: StoredConversation[];
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
	return message.text.length + (message.context ?? []).reduce((sum, c) => sum + c.text.length, 0);
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

	/** Inserts or replaces the conversation, applies the caps and persists. Empty conversations are not stored. */
	async save(conversation: ConversationView): Promise<StoredConversation | undefined> {
		const existing = this.conversations.find((c) => c.id === conversation.id);
		const messages = capMessages(conversation.messages.map(settledForStorage), this.limits.maxMessagesPerConversation);
		this.conversations = this.conversations.filter((c) => c.id !== conversation.id);
		if (messages.length === 0) {
			await this.persist();
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
		this.applyCaps(stored.id);
		await this.persist();
		return this.get(stored.id);
	}

	async delete(id: string): Promise<void> {
		this.conversations = this.conversations.filter((c) => c.id !== id);
		await this.persist();
	}

	/** Oldest conversations go first; the one just saved is kept even if it alone is over budget. */
	private applyCaps(keepId: string): void {
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
	}

	private load(): StoredConversation[] {
		const raw = this.store.get<StoredHistory>(HISTORY_KEY);
		if (!raw || raw.v !== 1 || !Array.isArray(raw.conversations)) {
			return [];
		}
		// Drop anything malformed rather than failing the whole panel on one bad record.
		return raw.conversations.filter(isStoredConversation).map((c) => ({ ...c, messages: c.messages.map(settledForStorage) }));
	}

	private async persist(): Promise<void> {
		const value: StoredHistory = { v: 1, conversations: this.conversations };
		await this.store.update(HISTORY_KEY, value);
	}
}
