// Decides one reply of the fake model for a checked request: the queued or default answer,
// reasoning when it is on, tool calls, maxTokens, and the usage to report.
import type { ReplySettings } from '../state';
import { lastUserText, markdownReply, nextReply } from '../replies';
import type { ConverseRequest } from './converseRequest';
import { defaultReasoning, reasoningBlocks } from './reasoning';
import { type PlannedReply, answerBlocks, outputTokens, truncate } from './replyPlan';
import { countInputTokens } from './tokenCount';
import { plannedToolUses, toolResultsAnswer } from './toolUse';

export function planReply(settings: ReplySettings, request: ConverseRequest): PlannedReply {
	const { params, messages } = request;
	const reply = nextReply(settings, () => toolResultsAnswer(messages) ?? markdownReply(lastUserText(messages)));
	const reasoning = reasoningBlocks(request.reasoning, reply.script.reasoning ?? defaultReasoning(lastUserText(messages)), reply.script.redactedReasoning === true, settings.chunkChars);
	const toolUses = plannedToolUses(request.tools, reply.script.toolUses);
	const maxTokens = (params.inferenceConfig as { maxTokens?: unknown } | undefined)?.maxTokens;
	const { blocks, truncated } = truncate([...reasoning, ...answerBlocks(reply.text, toolUses, settings.chunkChars)], maxTokens);
	const input = countInputTokens(params.system, messages, params.toolConfig);
	const output = outputTokens(blocks);
	const stopReason = truncated ? 'max_tokens' : blocks.some((block) => block.kind === 'toolUse') ? 'tool_use' : 'end_turn';
	return { reply, blocks, stopReason, usage: { inputTokens: input, outputTokens: output, totalTokens: input + output }, metadata: {}, stopExtras: {} };
}
