// Reasoning for the Chat view's tool loops. VS Code cannot hold reasoning in its messages
// (LanguageModelThinkingPart is still a proposed API), yet Claude with thinking on requires the
// assistant turn whose tool calls are being answered to start with that turn's signed reasoning.
// So each reply's signed reasoning is kept in memory, keyed by the tool-call ids it emitted, and put
// back before those calls in later requests; a loop whose last tool turn has none (after a reload,
// or begun by another model) is sent without reasoning rather than refused. Pure.
import type { ContentBlock, ConverseStreamCommandInput, Message } from '@aws-sdk/client-bedrock-runtime';
import type { ReasoningPart, StreamEvent } from './bedrockTypes';
import { reasoningBlock } from './conversation';
import type { ModelFamily } from './modelFamily';
import type { ReasoningLevel } from './reasoningRequest';

/** Replies remembered at most (the oldest is forgotten first); a tool loop needs only its last. */
export const REMEMBERED_REPLIES = 200;

/** Signed reasoning of recent replies per model, looked up by any tool-call id the reply emitted. */
export class ReasoningMemory {
	private readonly byCall = new Map<string, { model: string; parts: ReasoningPart[] }>();
	private readonly replies: string[][] = [];

	constructor(private readonly limit = REMEMBERED_REPLIES) {}

	/** Keeps the signed or redacted parts of one reply; unsigned reasoning cannot go back, so it is not kept. */
	remember(model: string, callIds: readonly string[], parts: readonly ReasoningPart[]): void {
		const kept = parts.filter((p) => p.signature || p.redactedContent);
		if (callIds.length === 0 || kept.length === 0) return;
		const entry = { model, parts: kept };
		for (const id of callIds) this.byCall.set(id, entry);
		this.replies.push([...callIds]);
		while (this.replies.length > this.limit) for (const id of this.replies.shift() ?? []) this.byCall.delete(id);
	}

	/** The reasoning of the reply that emitted this call, if the same model made it. */
	recall(model: string, callId: string): ReasoningPart[] | undefined {
		const entry = this.byCall.get(callId);
		return entry?.model === model ? entry.parts : undefined;
	}

	get size(): number {
		return this.replies.length;
	}
}

/** Assembles a reply's reasoning parts from the stream's reasoning events (text, signature, redacted bytes). */
export class ReasoningCollector {
	private readonly blocks = new Map<number, ReasoningPart>();

	add(event: Extract<StreamEvent, { type: 'reasoning' }>): void {
		let part = this.blocks.get(event.blockIndex);
		if (!part) {
			part = { text: '' };
			this.blocks.set(event.blockIndex, part);
		}
		if (event.text) part.text += event.text;
		if (event.signature) part.signature = (part.signature ?? '') + event.signature;
		// Base64 pieces cannot be joined as text (padding): join the bytes.
		if (event.redactedContent) part.redactedContent = Buffer.concat([Buffer.from(part.redactedContent ?? '', 'base64'), Buffer.from(event.redactedContent, 'base64')]).toString('base64');
	}

	parts(): ReasoningPart[] {
		return [...this.blocks.entries()].sort(([a], [b]) => a - b).map(([, part]) => part);
	}
}

export interface ToolLoopReasoning {
	/** The level to send: the setting's, or 'off' when this request cannot carry reasoning. */
	level: ReasoningLevel;
	/** The input with remembered reasoning before the tool calls it belongs to (unchanged when off). */
	input: ConverseStreamCommandInput;
	/** Why reasoning was left off although the setting asks for it (for the log). */
	leftOff?: string;
}

const toolUseIds = (message: Message | undefined): string[] => (message?.content ?? []).flatMap((b) => (b.toolUse?.toolUseId ? [b.toolUse.toolUseId] : []));

/**
 * The reasoning a parts request can carry. Claude refuses thinking with a forced tool choice, and
 * with thinking on wants the assistant turn its last message answers to start with that turn's
 * reasoning: without it remembered, the request goes without reasoning. Other reasoning families
 * get their reasoning back where it is remembered and need none.
 */
export function toolLoopReasoning(
	input: ConverseStreamCommandInput,
	options: { level: ReasoningLevel; family: ModelFamily; model: string; memory: ReasoningMemory },
): ToolLoopReasoning {
	const { family, model, memory } = options;
	if (options.level === 'off' || family.reasoning === 'none' || family.reasoning === 'always') return { level: options.level, input };
	const thinking = family.reasoning === 'anthropicThinking';
	const choice = input.toolConfig?.toolChoice;
	if (thinking && choice && !choice.auto) return { level: 'off', input, leftOff: 'the request forces a tool call' };
	const messages = input.messages ?? [];
	const recalled = messages.map((m) => {
		if (m.role !== 'assistant') return undefined;
		for (const id of toolUseIds(m)) {
			const parts = memory.recall(model, id);
			if (parts) return parts;
		}
		return undefined;
	});
	const last = messages.length - 1;
	const answersTools = last >= 1 && (messages[last]?.content ?? []).some((b) => b.toolResult) && messages[last - 1]?.role === 'assistant';
	if (thinking && answersTools && !recalled[last - 1]) {
		return { level: 'off', input, leftOff: 'the tool calls being answered have no remembered reasoning (a reload, or another model began the loop)' };
	}
	return {
		level: options.level,
		input: {
			...input,
			messages: messages.map((m, i) => {
				const parts = recalled[i];
				if (!parts) return m;
				const blocks = parts.map(reasoningBlock).filter((b): b is ContentBlock => b !== undefined);
				return { ...m, content: [...blocks, ...(m.content ?? [])] };
			}),
		},
	};
}
