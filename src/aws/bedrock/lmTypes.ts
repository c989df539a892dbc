// What VS Code's language-model API hands a provider, in plain shapes with no `vscode` import:
// messages made of parts (text, tool calls, tool results, images), the tools on offer, and what
// the reply streams back. The VS Code side (src/vscode/nativeChat/) converts to these; the
// engine maps them to Converse (lmMessages.ts). Types only.
import type { ConverseRequest, ConverseResult, StreamEvent } from './bedrockTypes';

export type LmPart =
	| { kind: 'text'; text: string }
	| { kind: 'toolCall'; callId: string; name: string; input: unknown }
	| { kind: 'toolResult'; callId: string; content: LmToolResultContent[]; isError?: boolean }
	| { kind: 'image'; mimeType: string; data: Uint8Array };

export type LmToolResultContent = { kind: 'text'; text: string } | { kind: 'image'; mimeType: string; data: Uint8Array };

export type LmRole = 'system' | 'user' | 'assistant';

export interface LmMessage {
	role: LmRole;
	parts: LmPart[];
}

export interface LmTool {
	name: string;
	description: string;
	/** A JSON schema of the tool's input; absent means "any object". */
	inputSchema?: object;
}

/** VS Code's LanguageModelChatToolMode: the model may answer in text, or must call a tool. */
export type LmToolMode = 'auto' | 'required';

/**
 * The panel's chat settings, applied the same way (requestDecoration.ts): reasoning (kept for tool
 * loops, toolReasoning.ts), prompt caching, guardrail, service tier and latency mode.
 */
export type LmRequestControls = Pick<ConverseRequest, 'reasoning' | 'promptCaching' | 'serviceTier' | 'performance' | 'guardrail'>;

export interface LmConverseRequest extends LmRequestControls {
	/** Foundation-model id, inference-profile id, or an ARN of either. */
	modelId: string;
	messages: LmMessage[];
	tools?: LmTool[];
	toolMode?: LmToolMode;
	maxTokens?: number;
	temperature?: number;
}

/** A complete tool call, delivered once its input has fully arrived. `name` is the caller's tool name. */
export interface LmToolCallEvent {
	type: 'toolCall';
	callId: string;
	name: string;
	input: Record<string, unknown>;
}

export type LmStreamEvent = StreamEvent | LmToolCallEvent;

export interface LmConverseOptions {
	signal: AbortSignal;
	onEvent: (event: LmStreamEvent) => void;
}

export type { ConverseResult };
