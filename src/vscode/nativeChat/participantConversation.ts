// What `@bedrock` sends: the conversation VS Code keeps for the participant (request turns and
// markdown of response turns) plus the new prompt with its references, as the chat turn's
// messages; and which model answers. Pure (history and request are read by shape).
import { newId, type ChatMessage, type ContextAttachment, type MediaAttachment } from '../../shared/protocol';
import { isDefaultModel, routeDefault } from './defaultModel';
import type { ModelInformation } from './modelInformation';
import { PARTICIPANT_ID, VENDOR } from './names';

interface RequestTurnLike {
	prompt: string;
	participant?: string;
}
interface ResponseTurnLike {
	response: ReadonlyArray<unknown>;
	participant?: string;
}

function responseText(parts: ReadonlyArray<unknown>): string {
	return parts
		.map((part) => {
			const value = (part as { value?: unknown }).value;
			if (typeof value === 'string') return value;
			const markdown = (value as { value?: unknown } | undefined)?.value;
			return typeof markdown === 'string' ? markdown : '';
		})
		.join('');
}

/**
 * History turns of this participant as chat messages (other participants' turns are not ours to
 * send); a request turn carries the images and documents read again for it (`mediaByTurn`).
 */
export function historyMessages(history: ReadonlyArray<unknown>, mediaByTurn?: ReadonlyMap<unknown, MediaAttachment[]>): ChatMessage[] {
	const messages: ChatMessage[] = [];
	for (const turn of history) {
		const participant = (turn as { participant?: string }).participant;
		if (participant !== undefined && participant !== PARTICIPANT_ID) continue;
		if (typeof (turn as RequestTurnLike).prompt === 'string') {
			messages.push(message('user', (turn as RequestTurnLike).prompt, undefined, mediaByTurn?.get(turn)));
		} else if (Array.isArray((turn as ResponseTurnLike).response)) {
			messages.push(message('assistant', responseText((turn as ResponseTurnLike).response)));
		}
	}
	return messages;
}

export function message(role: ChatMessage['role'], text: string, context?: ContextAttachment[], media?: MediaAttachment[]): ChatMessage {
	return {
		id: newId(), role, text, status: 'complete', createdAt: Date.now(),
		...(context && context.length > 0 ? { context } : {}),
		...(media && media.length > 0 ? { media } : {}),
	};
}

/**
 * The model that answers: the Bedrock model picked in the Chat view; for the default model
 * (`bedrock-default`) or a model of another vendor, where the default routes (chat.modelId when
 * listed, else the first model that takes tools); with no listing, chat.modelId as it is.
 */
export function chooseModelId(picked: { vendor: string; id: string } | undefined, configured: string, models: readonly ModelInformation[] | undefined): string | undefined {
	if (picked && picked.vendor === VENDOR && !isDefaultModel(picked)) return picked.id;
	if (models) {
		const route = routeDefault(models, configured);
		if (route) return route.model.id;
	}
	return configured.trim() || undefined;
}
