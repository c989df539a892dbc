// Turns the stored conversation into the turns sent to Bedrock. Pure. Stopped or incomplete
// replies are still real context, so they are sent as they are; the rules Converse puts on
// the turns (alternating, user first and last) live in one place, normaliseTurns.
import type { ChatTurn, TurnMedia } from '../../aws/bedrock/bedrockTypes';
import { normaliseTurns } from '../../aws/bedrock/conversation';
import { takes, withheldNote, type ModelInputs } from '../../shared/modelInputCheck';
import type { ChatMessage, ContextAttachment, MediaAttachment } from '../../shared/protocol';

/** The model the turns go to: earlier files it does not take are sent as a note (modelInputCheck). */
export interface TurnModel {
	name: string;
	inputs: ModelInputs;
}

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

const hasBytes = (m: MediaAttachment) => m.kept !== false && m.data.length > 0;
const sendable = (m: MediaAttachment, model: TurnModel | undefined) => hasBytes(m) && (!model || takes(model.inputs, m.kind));

/** The text a user message stands for: the prompt, then each attachment in a fence; files not sent are named. */
export function userTurnText(message: Pick<ChatMessage, 'text' | 'context' | 'media'>, model?: TurnModel): string {
	const parts = (message.context ?? []).map(formatAttachment);
	const media = message.media ?? [];
	const gone = media.filter((m) => !hasBytes(m) && !m.dropped);
	if (gone.length > 0) parts.push(`(Attachments no longer kept in this chat's history: ${gone.map((m) => m.name).join(', ')}.)`);
	const dropped = media.filter((m) => !hasBytes(m) && m.dropped);
	if (dropped.length > 0) parts.push(`(Attachments dropped to fit the context window: ${dropped.map((m) => m.name).join(', ')}.)`);
	if (model) parts.push(...media.filter((m) => hasBytes(m) && !takes(model.inputs, m.kind)).map((m) => withheldNote(m.kind, m.name, model.name)));
	parts.push(message.text);
	return parts.filter((p) => p.trim().length > 0).join('\n\n');
}

/** Media sent as blocks: bytes the history still holds, of a kind the model takes; the rest is named in the text. */
function sentMedia(message: ChatMessage, model: TurnModel | undefined): { media?: TurnMedia[] } {
	const sent = (message.media ?? []).filter((m) => sendable(m, model));
	return sent.length > 0 ? { media: sent.map(({ kind, name, format, data }) => ({ kind, name, format, data })) } : {};
}

export function toChatTurns(messages: readonly ChatMessage[], model?: TurnModel): ChatTurn[] {
	return normaliseTurns(
		messages.map((message) =>
			message.role === 'user'
				? { role: message.role, text: userTurnText(message, model), ...sentMedia(message, model) }
				: { role: message.role, text: message.text, ...(message.reasoning?.length ? { reasoning: message.reasoning.map((r) => ({ ...r })) } : {}) },
		),
	);
}
