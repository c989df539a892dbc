// The emulator's deterministic token count for a Converse input, shared by Converse usage and
// CountTokens so both agree: words of text; JSON and tool schemas at four characters a token;
// images at width × height / 750 (Anthropic's rule of thumb); text documents as words, binary
// ones (pdf, doc, xls…) at 64 bytes a token.
import type { ConverseMessage } from '../replies';
import { type Block, base64Bytes, blocksOf, isObject, kindOf } from './contentBlocks';
import { inspectImage } from './images';

function words(text: string): number {
	return text.split(/\s+/).filter((word) => word.length > 0).length;
}

function jsonTokens(value: unknown): number {
	return value === undefined ? 0 : Math.ceil(JSON.stringify(value).length / 4);
}

function imageTokens(image: Record<string, unknown>): number {
	const source = isObject(image.source) ? image.source : {};
	const bytes = base64Bytes(source.bytes);
	const facts = bytes && inspectImage(bytes);
	return facts ? Math.max(1, Math.ceil((facts.width * facts.height) / 750)) : 0;
}

const TEXT_DOCUMENTS = new Set(['txt', 'md', 'html', 'csv']);

function documentTokens(document: Record<string, unknown>): number {
	const source = isObject(document.source) ? document.source : {};
	if (typeof source.text === 'string') {
		return words(source.text);
	}
	const bytes = base64Bytes(source.bytes);
	if (!bytes) {
		return 0;
	}
	return TEXT_DOCUMENTS.has(String(document.format)) ? words(bytes.toString('utf8')) : Math.ceil(bytes.length / 64);
}

export function blockTokens(block: Block): number {
	switch (kindOf(block)) {
		case 'text':
			return typeof block.text === 'string' ? words(block.text) : 0;
		case 'image':
			return imageTokens(block.image as Record<string, unknown>);
		case 'document':
			return documentTokens(block.document as Record<string, unknown>);
		case 'toolUse': {
			const use = block.toolUse as Record<string, unknown>;
			return 1 + jsonTokens(use.input);
		}
		case 'toolResult': {
			const result = block.toolResult as Record<string, unknown>;
			const parts = Array.isArray(result.content) ? result.content.filter(isObject) : [];
			return parts.reduce((sum, part) => sum + (part.json !== undefined ? jsonTokens(part.json) : blockTokens(part)), 0);
		}
		case 'reasoningContent': {
			const reasoning = block.reasoningContent as Record<string, unknown>;
			const text = isObject(reasoning.reasoningText) && typeof reasoning.reasoningText.text === 'string' ? reasoning.reasoningText.text : '';
			return words(text);
		}
		default:
			return 0; // cachePoint, guardContent…: no tokens of their own
	}
}

export function toolConfigTokens(toolConfig: unknown): number {
	const tools = isObject(toolConfig) && Array.isArray(toolConfig.tools) ? toolConfig.tools.filter(isObject) : [];
	return tools.reduce((sum, tool) => {
		const spec = isObject(tool.toolSpec) ? tool.toolSpec : undefined;
		if (!spec) {
			return sum;
		}
		const description = typeof spec.description === 'string' ? words(spec.description) : 0;
		const schema = isObject(spec.inputSchema) ? jsonTokens(spec.inputSchema.json) : 0;
		return sum + 1 + description + schema;
	}, 0);
}

/** Input tokens of a Converse request (at least 1). */
export function countInputTokens(system: unknown, messages: readonly ConverseMessage[], toolConfig?: unknown): number {
	const systemBlocks = Array.isArray(system) ? system.filter(isObject) : [];
	const total =
		systemBlocks.reduce((sum, block) => sum + blockTokens(block), 0) +
		messages.reduce((sum, message) => sum + blocksOf(message).reduce((inner, block) => inner + blockTokens(block), 0), 0) +
		toolConfigTokens(toolConfig);
	return Math.max(1, total);
}
