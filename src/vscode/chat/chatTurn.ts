// One chat turn: asks Bedrock for the reply to a conversation and reports it as events, with
// no webview in sight, so any chat surface (the panel today) can run it. No `vscode` import.
// It appends the reply to the conversation, and takes back what it added when nothing arrives.
import type { BedrockService, ConverseRequest, ReplyCost, StreamEvent } from '../../aws/bedrock/bedrockTypes';
import type { Connection } from '../../aws/engineTypes';
import { isCancellation } from '../../aws/errors';
import type { Logger } from '../../aws/ports';
import { newId, type ChatErrorView, type CostView, type ChatMessage, type ContextAttachment, type MediaAttachment, type ReasoningView, type UsageView } from '../../shared/protocol';
import { retryingText, toErrorView } from './chatErrors';
import { toChatTurns, type TurnModel } from './conversationRequest';
import { DeltaBatcher, type Timers } from './deltaBatcher';

/** The inference settings of a reply (from bedrockConnect.chat.* in VS Code); the optional ones as ConverseRequest has them. */
export type ReplySettings = { system: string; maxTokens: number; temperature: number } & Pick<
	ConverseRequest,
	'reasoning' | 'promptCaching' | 'serviceTier' | 'performance' | 'guardrail' | 'prices'
>;

export interface ChatTurnRequest {
	connection: Connection;
	modelId: string;
	/** The model's name and what it takes: earlier files it does not take go as a note. Absent: all are sent. */
	model?: TurnModel;
	/** Ends with the user message to answer; the reply is appended to `messages`. */
	conversation: { messages: ChatMessage[] };
	/** The user message this turn added, if any (a retry has none): handed back when nothing arrives. */
	user?: ChatMessage;
	settings: ReplySettings;
	/** Aborting stops the reply; what arrived is kept, as 'stopped'. */
	signal: AbortSignal;
}

/** The reply ended without an error: complete, stopped by the user, or cut short by an error (see `failed`). */
export type TurnEndStatus = 'complete' | 'stopped' | 'incomplete';

export interface TurnFailure {
	error: ChatErrorView;
	/** Messages taken out of the conversation because nothing arrived (the empty reply, a new user turn). */
	removedMessageIds?: string[];
	/** The prompt of a new user turn that got no answer, to put back where the user types. */
	restorePrompt?: { text: string; context: ContextAttachment[]; media?: MediaAttachment[] };
}

/** Where a turn reports. Text comes batched (at most one call per frame), always before anything after it. */
export interface ChatTurnSink {
	/** The empty reply was appended; streaming starts once this resolves (the panel saves first). */
	started(assistant: ChatMessage): void | Promise<void>;
	textDelta(text: string): void;
	/** Reasoning text (batched like text), or `redacted` once per part the provider withheld. */
	reasoningDelta?(text: string, redacted: boolean): void;
	/** A transient status line, e.g. "Credentials refreshed; sending again…". */
	progress(text: string): void;
	/** Token counts as Bedrock reports them; `ended` carries the final ones too. */
	usage?(usage: UsageView): void;
	ended(status: TurnEndStatus, usage?: UsageView, cost?: CostView): void;
	/** After `ended('incomplete')` when some text arrived, else alone. */
	failed(failure: TurnFailure): void;
}

export interface ChatTurnDependencies {
	/** The Bedrock service for a Connection; it does the one forced credential refresh itself. */
	serviceFor(connection: Connection): Promise<BedrockService>;
	logger: Logger;
	/** Timers for the delta batching (tests pass their own). */
	timers?: Timers;
}

const toUsageView = (usage: UsageView): UsageView => ({
	inputTokens: usage.inputTokens,
	outputTokens: usage.outputTokens,
	...(usage.cacheReadInputTokens !== undefined ? { cacheReadInputTokens: usage.cacheReadInputTokens } : {}),
	...(usage.cacheWriteInputTokens !== undefined ? { cacheWriteInputTokens: usage.cacheWriteInputTokens } : {}),
});

export function toCostView(cost: ReplyCost): CostView {
	return cost.known ? { usd: cost.usd, asOf: cost.asOf } : { unknown: cost.reason };
}

/** Said under the reply when a model refused cache points and the request went again without. */
export const CACHING_REFUSED_TEXT = 'This model does not accept prompt caching here; sent again without it (remembered for this model).';

/** Runs the turn to its end; never throws for a Bedrock failure (that is reported to `failed`). Resolves to the reply. */
export async function runChatTurn(deps: ChatTurnDependencies, request: ChatTurnRequest, sink: ChatTurnSink): Promise<ChatMessage> {
	const { conversation, signal, settings } = request;
	const assistant: ChatMessage = { id: newId(), role: 'assistant', text: '', status: 'streaming', createdAt: Date.now(), modelId: request.modelId };
	const converse: ConverseRequest = {
		modelId: request.modelId,
		messages: toChatTurns(conversation.messages, request.model),
		maxTokens: settings.maxTokens,
		temperature: settings.temperature,
		...(settings.system ? { system: settings.system } : {}),
		...(settings.reasoning ? { reasoning: settings.reasoning } : {}),
		...(settings.promptCaching !== undefined ? { promptCaching: settings.promptCaching } : {}),
		...(settings.serviceTier && settings.serviceTier !== 'default' ? { serviceTier: settings.serviceTier } : {}),
		...(settings.performance === 'optimized' ? { performance: settings.performance } : {}),
		...(settings.guardrail ? { guardrail: settings.guardrail } : {}),
		...(settings.prices && Object.keys(settings.prices).length > 0 ? { prices: settings.prices } : {}),
	};
	conversation.messages.push(assistant);
	await sink.started(assistant);

	const reasoningDeltas = new DeltaBatcher((text) => sink.reasoningDelta?.(text, false), undefined, deps.timers);
	const textDeltas = new DeltaBatcher((text) => sink.textDelta(text), undefined, deps.timers);
	// Both batchers flush together, reasoning first, so the page sees events in stream order.
	const deltas = { flush: () => (reasoningDeltas.flush(), textDeltas.flush()) };
	const reasoningParts = new Map<number, ReasoningView>();
	const onEvent = (event: StreamEvent) => {
		switch (event.type) {
			case 'text':
				reasoningDeltas.flush();
				assistant.text += event.text;
				textDeltas.push(event.text);
				break;
			case 'reasoning': {
				let part = reasoningParts.get(event.blockIndex);
				if (!part) {
					part = { text: '' };
					reasoningParts.set(event.blockIndex, part);
					(assistant.reasoning ??= []).push(part);
				}
				if (event.text) {
					part.text += event.text;
					reasoningDeltas.push(event.text);
				}
				if (event.signature) part.signature = (part.signature ?? '') + event.signature;
				if (event.redactedContent) {
					// Base64 pieces cannot be joined as text (padding): join the bytes.
					part.redactedContent = Buffer.concat([Buffer.from(part.redactedContent ?? '', 'base64'), Buffer.from(event.redactedContent, 'base64')]).toString('base64');
					reasoningDeltas.flush();
					sink.reasoningDelta?.('', true);
				}
				break;
			}
			case 'cachingRefused':
				deltas.flush();
				sink.progress(CACHING_REFUSED_TEXT);
				break;
			case 'settingsProblem':
				deltas.flush();
				sink.progress(event.message);
				break;
			case 'stop':
				if (event.stopReason === 'guardrail_intervened') assistant.guardrailIntervened = true;
				break;
			case 'usage':
				assistant.usage = toUsageView(event.usage);
				if (event.cost) assistant.cost = toCostView(event.cost);
				sink.usage?.(assistant.usage);
				break;
			case 'retrying':
				deltas.flush();
				sink.progress(retryingText(event.reason, event.attempt, event.delayMs));
				break;
		}
	};
	try {
		const service = await deps.serviceFor(request.connection);
		const result = await service.converseStream(converse, { signal, onEvent });
		deltas.flush();
		if (result.usage) {
			assistant.usage = toUsageView(result.usage);
		}
		if (result.cost) {
			assistant.cost = toCostView(result.cost);
		}
		assistant.status = signal.aborted ? 'stopped' : 'complete';
		sink.ended(assistant.status, assistant.usage, assistant.cost);
	} catch (e) {
		deltas.flush();
		fail(e, deps.logger, request, assistant, sink);
	}
	return assistant;
}

function fail(e: unknown, logger: Logger, request: ChatTurnRequest, assistant: ChatMessage, sink: ChatTurnSink): void {
	if (request.signal.aborted || isCancellation(e)) {
		assistant.status = 'stopped';
		sink.ended('stopped');
		return;
	}
	const error = toErrorView(e);
	logger.warn(`reply failed: ${error.code}${assistant.text ? ' after partial output' : ''}`);
	if (assistant.text.length > 0) {
		// Keep what arrived; the banner offers Retry, which replaces this reply.
		assistant.status = 'incomplete';
		sink.ended('incomplete');
		sink.failed({ error });
		return;
	}
	// Nothing arrived: drop the empty reply, and a new user turn goes back to the user
	// (a retried one stays in the conversation, where Retry can send it again).
	const { user, conversation } = request;
	const removed = user ? [assistant.id, user.id] : [assistant.id];
	conversation.messages = conversation.messages.filter((m) => !removed.includes(m.id));
	sink.failed({ error, removedMessageIds: removed, ...(user ? { restorePrompt: { text: user.text, context: user.context ?? [], ...(user.media?.length ? { media: user.media } : {}) } } : {}) });
}
