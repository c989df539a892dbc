// Reading Converse content blocks as they arrive in JSON (blobs are base64 strings): which
// union member a block is, and the few fields the emulator's rules look at.
import type { ConverseMessage } from '../replies';

export type Block = Record<string, unknown>;

export interface ToolUseBlock {
	toolUseId: string;
	name: string;
	input: unknown;
}

export interface ToolResultBlock {
	toolUseId: string;
	content: Block[];
	status?: string;
}

export function isObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function blocksOf(message: ConverseMessage | undefined): Block[] {
	return Array.isArray(message?.content) ? (message.content as unknown[]).filter(isObject) : [];
}

/** The union member a block sets, e.g. 'text', 'toolUse', 'image'. */
export function kindOf(block: Block): string | undefined {
	return Object.keys(block).find((key) => block[key] !== undefined && block[key] !== null);
}

export function toolUsesIn(message: ConverseMessage | undefined): ToolUseBlock[] {
	return blocksOf(message).flatMap((block) => (isObject(block.toolUse) ? [block.toolUse as unknown as ToolUseBlock] : []));
}

export function toolResultsIn(message: ConverseMessage | undefined): ToolResultBlock[] {
	return blocksOf(message).flatMap((block) => (isObject(block.toolResult) ? [block.toolResult as unknown as ToolResultBlock] : []));
}

/** Text inside tool results (their `text` and `json` members). */
export function toolResultText(result: ToolResultBlock): string {
	const parts = Array.isArray(result.content) ? result.content.filter(isObject) : [];
	return parts
		.map((part) => (typeof part.text === 'string' ? part.text : part.json !== undefined ? JSON.stringify(part.json) : ''))
		.filter((text) => text.length > 0)
		.join('\n');
}

/** Decoded bytes of a blob member, or undefined when it is not base64. */
export function base64Bytes(value: unknown): Buffer | undefined {
	if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
		return undefined;
	}
	return Buffer.from(value, 'base64');
}
