// The conversation the panel has open: the host's copy is the source of truth, and the webview
// is sent a view of it. No `vscode` import.
import { newId, type ChatMessage, type ConversationView } from '../../shared/protocol';

export interface Conversation {
	id: string;
	messages: ChatMessage[];
}

export function emptyConversation(): Conversation {
	return { id: newId(), messages: [] };
}

/** What the webview is sent; the title is the history list's business. */
export function conversationView(conversation: Conversation): ConversationView {
	return { id: conversation.id, title: '', messages: conversation.messages };
}
