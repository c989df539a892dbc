// Writes the open conversation to the history and tells the page when its list changed. A
// failed write is logged, never thrown: the chat goes on, only the history misses a step.
import type { Logger } from '../../aws/ports';
import type { HostToWebview } from '../../shared/protocol';
import type { HistoryStore } from './historyStore';
import { conversationView, type Conversation } from './panelConversation';

export class ConversationSaver {
	constructor(
		private readonly history: HistoryStore,
		private readonly post: (message: HostToWebview) => void,
		private readonly logger: Logger,
	) {}

	/** `announce: false` for the saves while a reply streams: the history list has not changed for the user. */
	async save(conversation: Conversation, { announce } = { announce: true }): Promise<void> {
		try {
			await this.history.save(conversationView(conversation));
		} catch (e) {
			this.logger.warn(`saving the conversation failed: ${e instanceof Error ? e.message : String(e)}`);
		}
		if (announce) {
			this.postHistory();
		}
	}

	postHistory(): void {
		this.post({ type: 'history', conversations: this.history.list() });
	}
}
