// Maps ConverseStream output events (one union member per event) to the chat's StreamEvents.
// Text and reasoning deltas pass through as they arrive; tool-use and start/stop markers are not shown.

import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import type { StreamEvent, TokenUsage } from './bedrockTypes';

export function toStreamEvent(output: ConverseStreamOutput): StreamEvent | undefined {
	const text = output.contentBlockDelta?.delta?.text;
	if (text !== undefined) return text === '' ? undefined : { type: 'text', text };
	const reasoning = output.contentBlockDelta?.delta?.reasoningContent;
	if (reasoning) return toReasoningEvent(output.contentBlockDelta?.contentBlockIndex ?? 0, reasoning);
	if (output.messageStop) return { type: 'stop', stopReason: output.messageStop.stopReason ?? 'unknown' };
	if (output.metadata) {
		const usage = toTokenUsage(output.metadata.usage);
		if (!usage) return undefined;
		const latencyMs = output.metadata.metrics?.latencyMs;
		return latencyMs === undefined ? { type: 'usage', usage } : { type: 'usage', usage, latencyMs };
	}
	return undefined;
}

function toReasoningEvent(blockIndex: number, delta: { text?: string; signature?: string; redactedContent?: Uint8Array }): StreamEvent | undefined {
	if (delta.text) return { type: 'reasoning', blockIndex, text: delta.text };
	if (delta.signature) return { type: 'reasoning', blockIndex, signature: delta.signature };
	if (delta.redactedContent && delta.redactedContent.length > 0) {
		return { type: 'reasoning', blockIndex, redactedContent: Buffer.from(delta.redactedContent).toString('base64') };
	}
	return undefined;
}

type SdkUsage = { inputTokens?: number; outputTokens?: number; totalTokens?: number; cacheReadInputTokens?: number; cacheWriteInputTokens?: number };

function toTokenUsage(usage: SdkUsage | undefined): TokenUsage | undefined {
	if (!usage) return undefined;
	const inputTokens = usage.inputTokens ?? 0;
	const outputTokens = usage.outputTokens ?? 0;
	return {
		inputTokens,
		outputTokens,
		totalTokens: usage.totalTokens ?? inputTokens + outputTokens,
		...(usage.cacheReadInputTokens !== undefined ? { cacheReadInputTokens: usage.cacheReadInputTokens } : {}),
		...(usage.cacheWriteInputTokens !== undefined ? { cacheWriteInputTokens: usage.cacheWriteInputTokens } : {}),
	};
}

/**
 * Exceptions the service sends inside the stream. The SDK throws them from the iterator, but a
 * hand-built or future stream may yield them as members, so both paths end in the same error.
 */
export function embeddedStreamError(output: ConverseStreamOutput): Error | undefined {
	const members = [
		['internalServerException', output.internalServerException],
		['modelStreamErrorException', output.modelStreamErrorException],
		['validationException', output.validationException],
		['throttlingException', output.throttlingException],
		['serviceUnavailableException', output.serviceUnavailableException],
	] as const;
	for (const [member, value] of members) {
		if (value) {
			const error = new Error(value.message ?? member);
			error.name = member.charAt(0).toUpperCase() + member.slice(1);
			return error;
		}
	}
	return undefined;
}
