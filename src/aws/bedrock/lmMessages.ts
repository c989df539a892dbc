// Maps a VS Code language-model request (lmTypes.ts) to a ConverseStream input. Converse is
// strict where VS Code is not, so the rules live here, pure and unit-tested:
// - turns alternate user/assistant and start with the user; consecutive same-role messages merge;
//   assistant turns before the first user turn and after the last one are dropped (a reply is wanted);
// - a tool call always belongs to the assistant and a tool result to the user; each toolUse must be
//   answered by a toolResult in the very next user turn (and vice versa), else the pair is sent as text;
// - tool blocks need a toolConfig, so without tools on offer the history's tool parts become text;
// - tool names and ids keep to Bedrock's alphabet; the reply's tool names map back to the caller's.
import type { ContentBlock, ConverseStreamCommandInput, ImageFormat, Message, Tool, ToolChoice, ToolResultContentBlock } from '@aws-sdk/client-bedrock-runtime';
import { BedrockConnectError } from '../errors';
import type { LmConverseRequest, LmPart, LmTool, LmToolResultContent } from './lmTypes';

/** Bedrock's limits on images in one request (Converse API reference). */
export const MAX_IMAGE_BYTES = 3.75 * 1024 * 1024;
export const MAX_IMAGES = 20;

const IMAGE_FORMATS: Record<string, ImageFormat> = {
	'image/png': 'png',
	'image/jpeg': 'jpeg',
	'image/jpg': 'jpeg',
	'image/gif': 'gif',
	'image/webp': 'webp',
};

export interface LmConverseInput {
	input: ConverseStreamCommandInput;
	/** Bedrock tool name → the caller's tool name, to name the reply's tool calls as the caller knows them. */
	toolNames: Map<string, string>;
}

/** A name Bedrock accepts (`[a-zA-Z0-9_-]{1,64}`); valid names are unchanged. */
export function bedrockSafeName(name: string): string {
	const safe = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
	return safe === '' ? 'tool' : safe;
}

type Role = 'user' | 'assistant';

interface Turn {
	role: Role;
	content: ContentBlock[];
}

function invalid(message: string, action: string): BedrockConnectError {
	return new BedrockConnectError('Validation', message, { action });
}

function imageBlock(mimeType: string, data: Uint8Array): ContentBlock.ImageMember {
	const format = IMAGE_FORMATS[mimeType.toLowerCase()];
	if (!format) {
		throw invalid(`Bedrock accepts PNG, JPEG, GIF and WebP images; this one is ${mimeType || 'of no known type'}.`, 'Attach the image as PNG or JPEG.');
	}
	if (data.byteLength === 0) throw invalid('An attached image is empty.', 'Attach the image again.');
	if (data.byteLength > MAX_IMAGE_BYTES) {
		const mb = (data.byteLength / 1024 / 1024).toFixed(1);
		throw invalid(`An attached image is ${mb} MB; Bedrock accepts at most 3.75 MB per image.`, 'Attach a smaller or more compressed image.');
	}
	return { image: { format, source: { bytes: data } } };
}

/** Tool input must be a JSON object for Converse; anything else is wrapped, undefined becomes {}. */
function toolInput(input: unknown): Record<string, unknown> {
	if (input === undefined || input === null) return {};
	let plain: unknown;
	try {
		plain = JSON.parse(JSON.stringify(input)) as unknown;
	} catch {
		return { value: String(input) };
	}
	return typeof plain === 'object' && plain !== null && !Array.isArray(plain) ? (plain as Record<string, unknown>) : { value: plain };
}

function describeInput(input: unknown): string {
	try {
		return JSON.stringify(input ?? {});
	} catch {
		return String(input);
	}
}

function toolResultContent(content: readonly LmToolResultContent[]): ToolResultContentBlock[] {
	const blocks: ToolResultContentBlock[] = [];
	for (const c of content) {
		if (c.kind === 'text') {
			if (c.text.trim() !== '') blocks.push({ text: c.text });
		} else {
			blocks.push({ image: imageBlock(c.mimeType, c.data).image });
		}
	}
	return blocks.length > 0 ? blocks : [{ text: '(no output)' }];
}

/** The part as a plain text block: how tool parts travel when they cannot be tool blocks. */
function asText(block: ContentBlock, toolNames: Map<string, string>): ContentBlock | undefined {
	if (block.toolUse) {
		const name = toolNames.get(block.toolUse.name ?? '') ?? block.toolUse.name;
		return { text: `[Called tool ${name} (call ${block.toolUse.toolUseId}) with input ${describeInput(block.toolUse.input)}]` };
	}
	if (block.toolResult) {
		const text = (block.toolResult.content ?? []).map((c) => c.text ?? (c.image ? '[image]' : '')).join('\n');
		return { text: `[Result of tool call ${block.toolResult.toolUseId}${block.toolResult.status === 'error' ? ' (failed)' : ''}]\n${text}` };
	}
	return block;
}

interface Converted {
	role: Role | 'system';
	block: ContentBlock;
}

function convertPart(role: Role | 'system', part: LmPart, toolNameFor: (name: string) => string): Converted | undefined {
	switch (part.kind) {
		case 'text':
			return part.text.trim() === '' ? undefined : { role, block: { text: part.text } };
		case 'image':
			// Converse takes images from the user only; an image elsewhere is named, not lost silently.
			return role === 'user' ? { role, block: imageBlock(part.mimeType, part.data) } : { role, block: { text: `[${part.mimeType} image]` } };
		case 'toolCall':
			return {
				role: 'assistant',
				block: { toolUse: { toolUseId: bedrockSafeName(part.callId), name: toolNameFor(part.name), input: toolInput(part.input) as never } },
			};
		case 'toolResult':
			return {
				role: 'user',
				block: {
					toolResult: {
						toolUseId: bedrockSafeName(part.callId),
						content: toolResultContent(part.content),
						...(part.isError ? { status: 'error' as const } : {}),
					},
				},
			};
	}
}

function toolSpecs(tools: readonly LmTool[]): { specs: Tool[]; toolNames: Map<string, string>; nameFor: Map<string, string> } {
	const toolNames = new Map<string, string>();
	const nameFor = new Map<string, string>();
	const specs: Tool[] = [];
	for (const tool of tools) {
		if (nameFor.has(tool.name)) continue;
		let name = bedrockSafeName(tool.name);
		for (let n = 2; toolNames.has(name); n++) name = `${bedrockSafeName(tool.name).slice(0, 60)}_${n}`;
		toolNames.set(name, tool.name);
		nameFor.set(tool.name, name);
		const schema = { type: 'object', properties: {}, ...(tool.inputSchema ?? {}) };
		specs.push({ toolSpec: { name, description: tool.description.trim() || tool.name, inputSchema: { json: schema as never } } });
	}
	return { specs, toolNames, nameFor };
}

function toolChoice(mode: LmConverseRequest['toolMode'], specs: readonly Tool[]): ToolChoice {
	if (mode !== 'required') return { auto: {} };
	const only = specs.length === 1 ? specs[0]?.toolSpec?.name : undefined;
	return only ? { tool: { name: only } } : { any: {} };
}

/** Pairs each toolUse with the toolResult in the next user turn; an unanswered half of a pair becomes text. */
function pairToolBlocks(turns: Turn[], toolNames: Map<string, string>): void {
	for (let i = 0; i < turns.length; i++) {
		const turn = turns[i] as Turn;
		const previous = turns[i - 1];
		const next = turns[i + 1];
		if (turn.role === 'assistant') {
			const answered = new Set((next?.content ?? []).flatMap((b) => (b.toolResult?.toolUseId ? [b.toolResult.toolUseId] : [])));
			const used = new Set<string>();
			turn.content = turn.content.map((b) => {
				const id = b.toolUse?.toolUseId;
				if (id === undefined) return b;
				// Unanswered, or a second call with the same id (Converse wants ids unique): sent as text.
				if (!answered.has(id) || used.has(id)) return asText(b, toolNames) as ContentBlock;
				used.add(id);
				return b;
			});
		} else {
			const asked = new Set(
				previous?.role === 'assistant' ? previous.content.flatMap((b) => (b.toolUse?.toolUseId ? [b.toolUse.toolUseId] : [])) : [],
			);
			const seen = new Set<string>();
			turn.content = turn.content.map((b) => {
				const id = b.toolResult?.toolUseId;
				if (id === undefined) return b;
				// One result per call: a second result for the same id is sent as text.
				if (!asked.has(id) || seen.has(id)) return asText(b, toolNames) as ContentBlock;
				seen.add(id);
				return b;
			});
			// Tool results come first in a user turn, as the Anthropic models behind Converse require.
			turn.content = [...turn.content.filter((b) => b.toolResult), ...turn.content.filter((b) => !b.toolResult)];
		}
	}
}

export function toLmConverseInput(request: LmConverseRequest): LmConverseInput {
	const modelId = request.modelId.trim();
	if (modelId === '') throw invalid('No model is selected.', 'Pick a Bedrock model in the Chat view.');
	const tools = request.tools ?? [];
	const { specs, toolNames, nameFor } = toolSpecs(tools);
	const toolNameFor = (name: string) => nameFor.get(name) ?? bedrockSafeName(name);

	const system: string[] = [];
	let turns: Turn[] = [];
	let images = 0;
	for (const message of request.messages) {
		for (const part of message.parts) {
			const converted = convertPart(message.role, part, toolNameFor);
			if (!converted) continue;
			if (converted.role === 'system') {
				if (converted.block.text !== undefined) system.push(converted.block.text);
				continue;
			}
			if (converted.block.image && ++images > MAX_IMAGES) {
				throw invalid(`The conversation holds more than ${MAX_IMAGES} images; Bedrock accepts at most ${MAX_IMAGES} per request.`, 'Start a new chat or remove some images.');
			}
			let block = converted.block;
			if (specs.length === 0 && (block.toolUse || block.toolResult)) block = asText(block, toolNames) as ContentBlock;
			const last = turns.at(-1);
			if (last && last.role === converted.role) last.content.push(block);
			else turns.push({ role: converted.role, content: [block] });
		}
	}
	while (turns[0]?.role === 'assistant') turns.shift();
	while (turns.at(-1)?.role === 'assistant') turns.pop();
	if (turns.length === 0) throw invalid('There is no message to send.', 'Type a message, then send it.');
	pairToolBlocks(turns, toolNames);
	turns = turns.filter((t) => t.content.length > 0);

	const inferenceConfig: NonNullable<ConverseStreamCommandInput['inferenceConfig']> = {};
	if (request.maxTokens !== undefined && Number.isFinite(request.maxTokens)) inferenceConfig.maxTokens = Math.max(1, Math.floor(request.maxTokens));
	if (request.temperature !== undefined && Number.isFinite(request.temperature)) inferenceConfig.temperature = Math.min(1, Math.max(0, request.temperature));
	const systemText = system.join('\n\n').trim();
	const messages: Message[] = turns.map((t) => ({ role: t.role, content: t.content }));
	return {
		input: {
			modelId,
			messages,
			...(systemText ? { system: [{ text: systemText }] } : {}),
			...(Object.keys(inferenceConfig).length > 0 ? { inferenceConfig } : {}),
			...(specs.length > 0 ? { toolConfig: { tools: specs, toolChoice: toolChoice(request.toolMode, specs) } } : {}),
		},
		toolNames,
	};
}
