// VS Code's LanguageModelChatRequestMessage → the engine's LmMessage. Parts are recognised by
// shape, not by class: messages from other extensions and from newer VS Code versions (data
// parts, the System role) arrive as objects this extension's `vscode` module may not know. Pure.
import type { LmMessage, LmPart, LmRole, LmToolResultContent } from '../../aws/bedrock/lmTypes';

/** vscode.LanguageModelChatMessageRole: User = 1, Assistant = 2, and System = 3 in newer versions. */
const ROLES: Record<number, LmRole> = { 1: 'user', 2: 'assistant', 3: 'system' };

export interface RequestMessageLike {
	readonly role: number;
	readonly content: ReadonlyArray<unknown>;
}

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null;

function asBytes(data: unknown): Uint8Array | undefined {
	if (data instanceof Uint8Array) return data;
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return undefined;
}

function decodeText(data: Uint8Array): string {
	return new TextDecoder().decode(data);
}

/** A data part: images stay images; text and JSON become text; anything else (e.g. cache markers) is left out. */
function dataPart(part: Loose): LmPart | undefined {
	const mimeType = typeof part.mimeType === 'string' ? part.mimeType : '';
	const bytes = asBytes(part.data);
	if (!bytes) return undefined;
	if (mimeType.startsWith('image/')) return { kind: 'image', mimeType, data: bytes };
	if (mimeType.startsWith('text/') || mimeType === 'application/json') return { kind: 'text', text: decodeText(bytes) };
	return undefined;
}

function toolResultContent(content: unknown): LmToolResultContent[] {
	if (!Array.isArray(content)) return [];
	const out: LmToolResultContent[] = [];
	for (const item of content as unknown[]) {
		if (typeof item === 'string') out.push({ kind: 'text', text: item });
		else if (isObject(item) && typeof item.value === 'string') out.push({ kind: 'text', text: item.value });
		else if (isObject(item) && 'mimeType' in item) {
			const part = dataPart(item);
			if (part?.kind === 'image') out.push({ kind: 'image', mimeType: part.mimeType, data: part.data });
			else if (part?.kind === 'text') out.push({ kind: 'text', text: part.text });
		} else if (isObject(item) && 'value' in item) {
			// A prompt-tsx part: its value is a JSON tree, sent as JSON text rather than lost.
			out.push({ kind: 'text', text: safeJson(item.value) });
		}
	}
	return out;
}

function safeJson(value: unknown): string {
	try {
		return JSON.stringify(value) ?? '';
	} catch {
		return String(value);
	}
}

export function toLmPart(part: unknown): LmPart | undefined {
	if (typeof part === 'string') return { kind: 'text', text: part };
	if (!isObject(part)) return undefined;
	if (typeof part.callId === 'string' && typeof part.name === 'string' && 'input' in part) {
		return { kind: 'toolCall', callId: part.callId, name: part.name, input: part.input };
	}
	if (typeof part.callId === 'string' && 'content' in part) {
		return { kind: 'toolResult', callId: part.callId, content: toolResultContent(part.content) };
	}
	if (typeof part.value === 'string') return { kind: 'text', text: part.value };
	if ('mimeType' in part && 'data' in part) return dataPart(part);
	return undefined;
}

export function toLmMessages(messages: readonly RequestMessageLike[]): LmMessage[] {
	return messages.map((m) => ({
		role: ROLES[m.role] ?? 'user',
		parts: m.content.map(toLmPart).filter((p): p is LmPart => p !== undefined),
	}));
}

/** Text of a message for a token estimate: what the model reads, tool inputs and results included. */
export function textForCounting(message: RequestMessageLike): string {
	return toLmMessages([message])[0]?.parts.map((p) => {
		switch (p.kind) {
			case 'text':
				return p.text;
			case 'toolCall':
				return `${p.name} ${safeJson(p.input)}`;
			case 'toolResult':
				return p.content.map((c) => (c.kind === 'text' ? c.text : '')).join('\n');
			case 'image':
				return '';
		}
	}).join('\n') ?? '';
}
