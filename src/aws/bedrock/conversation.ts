// Builds the ConverseStream request from the chat's history. Converse insists on turns that
// alternate user/assistant and start with the user, and rejects empty text blocks.

import type { ContentBlock, ConverseStreamCommandInput, Message } from '@aws-sdk/client-bedrock-runtime';
import type { ChatTurn, ConverseRequest, ReasoningPart, TurnMedia } from './bedrockTypes';
import { bedrockDocumentName } from '../../shared/attachmentRules';

/** Said for the user when a prompt is only attachments: Bedrock wants text beside a document. */
export const ATTACHMENTS_ONLY_TEXT = 'Please look at the attached file(s).';
import { BedrockConnectError } from '../errors';

/**
 * Normalises chat history into what Converse accepts: drops empty turns, merges consecutive
 * turns of the same role (e.g. two user messages after a failed reply), drops assistant turns
 * before the first user turn and after the last one (the chat always asks for a reply to the
 * user). Pure and SDK-free, so the chat host uses it too.
 */
export function normaliseTurns(turns: readonly ChatTurn[]): ChatTurn[] {
	const merged: ChatTurn[] = [];
	for (const raw of turns) {
		const hasMedia = raw.role === 'user' && (raw.media?.length ?? 0) > 0;
		if (raw.text.trim() === '' && !hasMedia) continue;
		const turn: ChatTurn = raw.text.trim() === '' ? { ...raw, text: ATTACHMENTS_ONLY_TEXT } : raw;
		const last = merged.at(-1);
		if (last && last.role === turn.role) {
			last.text = `${last.text}\n\n${turn.text}`;
			if (turn.media?.length) last.media = [...(last.media ?? []), ...turn.media];
			if (turn.reasoning?.length) last.reasoning = [...(last.reasoning ?? []), ...turn.reasoning];
		} else if (merged.length > 0 || turn.role === 'user') {
			merged.push({
				role: turn.role,
				text: turn.text,
				...(turn.reasoning?.length ? { reasoning: [...turn.reasoning] } : {}),
				...(turn.role === 'user' && turn.media?.length ? { media: [...turn.media] } : {}),
			});
		}
	}
	while (merged.length > 0 && merged.at(-1)?.role === 'assistant') merged.pop();
	return merged;
}

/**
 * A stored reasoning part as a Converse content block. Only signed or redacted parts go back:
 * Claude verifies the signature, and unsigned reasoning is not something a model takes as input.
 */
export function reasoningBlock(part: ReasoningPart): ContentBlock | undefined {
	if (part.redactedContent) {
		return { reasoningContent: { redactedContent: Uint8Array.from(Buffer.from(part.redactedContent, 'base64')) } };
	}
	if (part.signature) {
		return { reasoningContent: { reasoningText: { text: part.text, signature: part.signature } } };
	}
	return undefined;
}

function mediaBlock(media: TurnMedia): ContentBlock {
	const bytes = Uint8Array.from(Buffer.from(media.data, 'base64'));
	if (media.kind === 'image') {
		return { image: { format: media.format as 'png', source: { bytes } } };
	}
	return { document: { format: media.format as 'pdf', name: bedrockDocumentName(media.name), source: { bytes } } };
}

/**
 * The normalised history as Converse messages; refuses a history with nothing from the user.
 * With `sendReasoning`, an assistant turn's signed reasoning precedes its text, as Bedrock
 * requires for multi-turn conversations with a reasoning model.
 */
export function toConverseMessages(turns: readonly ChatTurn[], options: { sendReasoning?: boolean } = {}): Message[] {
	const merged = normaliseTurns(turns);
	if (merged.length === 0) {
		throw new BedrockConnectError('Validation', 'There is no message to send.', { action: 'Type a message, then send it.' });
	}
	return merged.map((m) => {
		const reasoning = options.sendReasoning && m.role === 'assistant' ? (m.reasoning ?? []).map(reasoningBlock).filter((b) => b !== undefined) : [];
		const media = m.role === 'user' ? (m.media ?? []).map(mediaBlock) : [];
		return { role: m.role, content: [...reasoning, ...media, { text: m.text }] };
	});
}

/** The full ConverseStream input: history, optional system prompt and inference settings. */
export function toConverseStreamInput(request: ConverseRequest, options: { sendReasoning?: boolean } = {}): ConverseStreamCommandInput {
	if (request.modelId.trim() === '') {
		throw new BedrockConnectError('Validation', 'No model is selected.', { action: 'Run "Bedrock: Select Model…".' });
	}
	const inferenceConfig: NonNullable<ConverseStreamCommandInput['inferenceConfig']> = {};
	if (request.maxTokens !== undefined) inferenceConfig.maxTokens = Math.max(1, Math.floor(request.maxTokens));
	if (request.temperature !== undefined) inferenceConfig.temperature = Math.min(1, Math.max(0, request.temperature));
	const system = request.system?.trim();
	return {
		modelId: request.modelId.trim(),
		messages: toConverseMessages(request.messages, options),
		...(system ? { system: [{ text: system }] } : {}),
		...(Object.keys(inferenceConfig).length > 0 ? { inferenceConfig } : {}),
	};
}
