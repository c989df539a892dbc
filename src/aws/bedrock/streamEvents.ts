// Maps ConverseStream output events (one union member per event) to the chat's StreamEvents.
// Text deltas pass through as they arrive; reasoning, tool-use and start/stop markers are not shown.

import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import type { StreamEvent, TokenUsage } from './bedrockTypes';

export function toStreamEvent(output: ConverseStreamOutput): StreamEvent | undefined {
	const text = output.contentBlockDelta?.delta?.text;
	if (text !== undefined) return text === '' ? undefined : { type: 'text', text };
	if (output.messageStop) return { type: 'stop', stopReason: output.messageStop.stopReason ?? 'unknown' };
	if (output.metadata) {
		const usage = toTokenUsage(output.metadata.usage);
		if (!usage) return undefined;
		const latencyMs = output.metadata.metrics?.latencyMs;
		return latencyMs === undefined ? { type: 'usage', usage } : { type: 'usage', usage, latencyMs };
	}
	return undefined;
}

function toTokenUsage(usage: { inputTokens?: number; outputTokens?: number; totalTokens?: number } | undefined): TokenUsage | undefined {
	if (!usage) return undefined;
	const inputTokens = usage.inputTokens ?? 0;
	const outputTokens = usage.outputTokens ?? 0;
	return { inputTokens, outputTokens, totalTokens: usage.totalTokens ?? inputTokens + outputTokens };
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
