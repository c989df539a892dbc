// Decides one reply of the fake model for a checked request: the queued or default answer,
// reasoning when it is on, tool calls, a guardrail's intervention, maxTokens, and the usage and
// metadata (trace, service tier, performance) to report.
import type { EmulatorState } from '../state';
import { lastUserText, markdownReply, nextReply } from '../replies';
import type { ConverseRequest } from './converseRequest';
import { blockedMessage, guardrailTrace, intervention } from './guardrails';
import { defaultReasoning, reasoningBlocks } from './reasoning';
import { type PlannedReply, type Usage, answerBlocks, outputTokens, truncate } from './replyPlan';
import { plannedToolUses, toolResultsAnswer } from './toolUse';

export function planReply(state: EmulatorState, request: ConverseRequest): PlannedReply {
	const settings = state.replies;
	const { params, messages } = request;
	const reply = nextReply(settings, () => toolResultsAnswer(messages) ?? markdownReply(lastUserText(messages)));
	const reasoning = reasoningBlocks(request.reasoning, reply.script.reasoning ?? defaultReasoning(lastUserText(messages)), reply.script.redactedReasoning === true, settings.chunkChars);
	const toolUses = plannedToolUses(request.tools, reply.script.toolUses);
	const maxTokens = (params.inferenceConfig as { maxTokens?: unknown } | undefined)?.maxTokens;
	const answered = truncate([...reasoning, ...answerBlocks(reply.text, toolUses, settings.chunkChars)], maxTokens);
	const input = request.inputTokens;
	const blocked = request.guardrail ? intervention(request.guardrail, messages, reply.text, reply.script.guardrail) : undefined;
	const metadata: Record<string, unknown> = { ...request.service.echo, ...(request.guardrail ? guardrailTrace(request.guardrail, blocked, reply.text) : {}) };
	if (request.guardrail && blocked) {
		// The blocked message replaces the whole answer; a blocked input never reaches the model.
		const blocks = answerBlocks(blockedMessage(request.guardrail, blocked.side), [], settings.chunkChars);
		const usage: Usage = blocked.side === 'input' ? { inputTokens: 0, outputTokens: 0, totalTokens: 0 } : usageOf(state, request, input, outputTokens(answered.blocks));
		return { reply, blocks, stopReason: 'guardrail_intervened', usage, prefillMs: 0, metadata, stopExtras: {} };
	}
	const { blocks, truncated } = answered;
	const output = outputTokens(blocks);
	const stopReason = truncated ? 'max_tokens' : blocks.some((block) => block.kind === 'toolUse') ? 'tool_use' : 'end_turn';
	const usage = usageOf(state, request, input, output);
	const cachedRead = usage.cacheReadInputTokens ?? 0;
	const prefillMs = (input - cachedRead) * settings.inputDelayMs + cachedRead * settings.cachedInputDelayMs;
	return { reply, blocks, stopReason, usage, prefillMs, metadata, stopExtras: {} };
}

/** Cached tokens are reported apart from inputTokens; totalTokens counts them all. */
function usageOf(state: EmulatorState, request: ConverseRequest, input: number, output: number): Usage {
	if (request.cachePoints.length === 0) {
		return { inputTokens: input, outputTokens: output, totalTokens: input + output };
	}
	const cache = state.promptCache.account(request.cachePoints, request.features.cacheMinimumTokens, state.now());
	const uncached = Math.max(0, input - cache.cacheReadInputTokens - cache.cacheWriteInputTokens);
	return { inputTokens: uncached, outputTokens: output, totalTokens: input + output, ...cache };
}
