// Turns ConverseStream output into the language-model provider's events: text as it arrives,
// and each tool call once, when its block stops and its streamed JSON input is complete.
// One instance per stream attempt (it holds the tool blocks still open).
import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { BedrockConnectError } from '../errors';
import type { LmStreamEvent } from './lmTypes';
import { toStreamEvent } from './streamEvents';

interface OpenToolUse {
	callId: string;
	name: string;
	input: string;
}

export class ToolStreamAssembler {
	private readonly open = new Map<number, OpenToolUse>();

	/** @param toolNames Bedrock tool name → the caller's name (see toLmConverseInput). */
	constructor(private readonly toolNames: ReadonlyMap<string, string>) {}

	map(output: ConverseStreamOutput): LmStreamEvent | undefined {
		const index = output.contentBlockStart?.contentBlockIndex ?? output.contentBlockDelta?.contentBlockIndex ?? output.contentBlockStop?.contentBlockIndex ?? 0;
		const start = output.contentBlockStart?.start?.toolUse;
		if (start) {
			this.open.set(index, { callId: start.toolUseId ?? `call_${index}`, name: start.name ?? '', input: '' });
			return undefined;
		}
		const delta = output.contentBlockDelta?.delta?.toolUse;
		if (delta) {
			const tool = this.open.get(index);
			if (tool) tool.input += delta.input ?? '';
			return undefined;
		}
		if (output.contentBlockStop) {
			const tool = this.open.get(index);
			if (!tool) return undefined;
			this.open.delete(index);
			return { type: 'toolCall', callId: tool.callId, name: this.toolNames.get(tool.name) ?? tool.name, input: parseToolInput(tool) };
		}
		return toStreamEvent(output);
	}
}

function parseToolInput(tool: OpenToolUse): Record<string, unknown> {
	if (tool.input.trim() === '') return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(tool.input) as unknown;
	} catch {
		throw new BedrockConnectError('ServiceError', `The model sent input for the tool ${tool.name} that is not valid JSON.`, {
			action: 'Send the message again; if it keeps happening, try another model.',
		});
	}
	return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { value: parsed };
}
