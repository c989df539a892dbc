// Builds the ConverseStream request from the chat's history. Converse insists on turns that
// alternate user/assistant and start with the user, and rejects empty text blocks.

import type { ConverseStreamCommandInput, Message } from '@aws-sdk/client-bedrock-runtime';
import type { ChatTurn, ConverseRequest } from './bedrockTypes';
import { BedrockConnectError } from '../errors';

/**
 * Normalises chat history into what Converse accepts: drops empty turns, merges consecutive
 * turns of the same role (e.g. two user messages after a failed reply), drops assistant turns
 * before the first user turn and after the last one (the chat always asks for a reply to the
 * user). Pure and SDK-free, so the chat host uses it too.
 */
export function normaliseTurns(turns: readonly ChatTurn[]): ChatTurn[] {
	const merged: ChatTurn[] = [];
	for (const turn of turns) {
		if (turn.text.trim() === '') continue;
		const last = merged.at(-1);
		if (last && last.role === turn.role) {
			last.text = `${last.text}\n\n${turn.text}`;
		} else if (merged.length > 0 || turn.role === 'user') {
			merged.push({ role: turn.role, text: turn.text });
		}
	}
	while (merged.length > 0 && merged.at(-1)?.role === 'assistant') merged.pop();
	return merged;
}

/** The normalised history as Converse messages; refuses a history with nothing from the user. */
export function toConverseMessages(turns: readonly ChatTurn[]): Message[] {
	const merged = normaliseTurns(turns);
	if (merged.length === 0) {
		throw new BedrockConnectError('Validation', 'There is no message to send.', { action: 'Type a message, then send it.' });
	}
	return merged.map((m) => ({ role: m.role, content: [{ text: m.text }] }));
}

/** The full ConverseStream input: history, optional system prompt and inference settings. */
export function toConverseStreamInput(request: ConverseRequest): ConverseStreamCommandInput {
	if (request.modelId.trim() === '') {
		throw new BedrockConnectError('Validation', 'No model is selected.', { action: 'Run "Bedrock: Select Model…".' });
	}
	const inferenceConfig: NonNullable<ConverseStreamCommandInput['inferenceConfig']> = {};
	if (request.maxTokens !== undefined) inferenceConfig.maxTokens = Math.max(1, Math.floor(request.maxTokens));
	if (request.temperature !== undefined) inferenceConfig.temperature = Math.min(1, Math.max(0, request.temperature));
	const system = request.system?.trim();
	return {
		modelId: request.modelId.trim(),
		messages: toConverseMessages(request.messages),
		...(system ? { system: [{ text: system }] } : {}),
		...(Object.keys(inferenceConfig).length > 0 ? { inferenceConfig } : {}),
	};
}
