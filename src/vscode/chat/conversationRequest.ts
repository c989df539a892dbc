// Turns the stored conversation into the turns sent to Bedrock. Pure. Stopped or incomplete
// replies are still real context, so they are sent as they are; the rules Converse puts on
// the turns (alternating, user first and last) live in one place, normaliseTurns.
import type { ChatTurn, TurnMedia } from '../../aws/bedrock/bedrockTypes';
import { normaliseTurns } from '../../aws/bedrock/conversation';
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
export function userTurnText(message: Pick<ChatMessage, 'text' | 'context' | 'media'>): string {
	const parts = (message.context ?? []).map(formatAttachment);
	const dropped = (message.media ?? []).filter((m) => m.kept === false || m.data.length === 0);
	if (dropped.length > 0) parts.push(`(Attachments no longer kept in this chat's history: ${dropped.map((m) => m.name).join(', ')}.)`);
	parts.push(message.text);
	return parts.filter((p) => p.trim().length > 0).join('\n\n');
}

/** Media the history still holds the bytes of; a dropped one is named in the text instead. */
function keptMedia(message: ChatMessage): { media?: TurnMedia[] } {
	const kept = (message.media ?? []).filter((m) => m.kept !== false && m.data.length > 0);
	return kept.length > 0 ? { media: kept.map(({ kind, name, format, data }) => ({ kind, name, format, data })) } : {};
}

export function toChatTurns(messages: readonly ChatMessage[]): ChatTurn[] {
	return normaliseTurns(
		messages.map((message) =>
			message.role === 'user'
				? { role: message.role, text: userTurnText(message), ...keptMedia(message) }
				: { role: message.role, text: message.text, ...(message.reasoning?.length ? { reasoning: message.reasoning.map((r) => ({ ...r })) } : {}) },
		),
	);
}
