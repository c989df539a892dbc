// Writes the open conversation to the history and tells the page when its list changed. A
// failed write is logged, never thrown: the chat goes on, only the history misses a step.
// A deleted conversation is never written again, even by the end of a reply still streaming.
import type { Logger } from '../../aws/ports';
import type { HostToWebview } from '../../shared/protocol';
import type { HistoryStore } from './historyStore';
import { conversationView, type Conversation } from './panelConversation';

export class ConversationSaver {
	/** Ids are random per conversation, so a deleted one never legitimately comes back. */
	private readonly deleted = new Set<string>();

	constructor(
		private readonly history: HistoryStore,
		private readonly post: (message: HostToWebview) => void,
		private readonly logger: Logger,
	) {}

	/** `announce: false` for the saves while a reply streams: the history list has not changed for the user. */
	async save(conversation: Conversation, { announce } = { announce: true }): Promise<void> {
		if (this.deleted.has(conversation.id)) {
			return;
		}
		try {
			await this.history.save(conversationView(conversation));
		} catch (e) {
			this.logger.warn(`saving the conversation failed: ${e instanceof Error ? e.message : String(e)}`);
		}
		if (announce) {
			this.postHistory();
		}
	}

	/** Removes the conversation from the history for good; later saves of it are ignored. */
	async delete(conversationId: string): Promise<void> {
		this.deleted.add(conversationId);
		await this.history.delete(conversationId);
	}

	postHistory(): void {
		this.post({ type: 'history', conversations: this.history.list() });
	}
}
