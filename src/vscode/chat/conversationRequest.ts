// Turns the stored conversation into the turns sent to Bedrock. Pure. Converse wants turns
// that alternate user/assistant and start and end with the user; stopped or incomplete
// replies are still real context, so they are sent as they are.
import type { ChatTurn } from '../../aws/bedrock/bedrockTypes';
import type { ChatMessage, ContextAttachment } from '../../shared/protocol';

/** A fence longer than any backtick run in the text, so attached code cannot close it early. */
function fenceFor(text: string): string {
	const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
	return '`'.repeat(longest + 1);
}

export function formatAttachment(attachment: ContextAttachment): string {
	const fence = fenceFor(attachment.text);
	const heading = attachment.kind === 'file' ? `File ${attachment.label}:` : `Selection from ${attachment.label}:`;
	return `${heading}\n${fence}${attachment.language}\n${attachment.text}\n${fence}`;
}

/** The text a user message stands for: the prompt, then each attachment in a fence. */
export function userTurnText(message: Pick<ChatMessage, 'text' | 'context'>): string {
	const parts = (message.context ?? []).map(formatAttachment);
	parts.push(message.text);
	return parts.filter((p) => p.trim().length > 0).join('\n\n');
}

export function toChatTurns(messages: readonly ChatMessage[]): ChatTurn[] {
	const turns: ChatTurn[] = [];
	for (const message of messages) {
		const text = message.role === 'user' ? userTurnText(message) : message.text;
		if (text.trim().length === 0) {
			continue;
		}
		const previous = turns[turns.length - 1];
		if (previous?.role === message.role) {
			previous.text = `${previous.text}\n\n${text}`;
		} else if (turns.length > 0 || message.role === 'user') {
			turns.push({ role: message.role, text });
		}
	}
	while (turns.length > 0 && turns[turns.length - 1].role !== 'user') {
		turns.pop();
	}
	return turns;
}
