// Messages between the chat host (extension) and the chat webview, both ways. No `vscode`
// and no DOM here: both bundles import this file, and the host treats every message from the
// webview as untrusted input that must pass `isWebviewToHost` before it is dispatched.

import { DOCUMENT_FORMATS, IMAGE_FORMATS, type DocumentFormat, type ImageFormat } from './attachmentRules';
import type { ModelInputs } from './modelInputCheck';

export { CHAT_VIEW_TYPE } from './chatViewType';
export const PROTOCOL_VERSION = 1;

/** Limits the host enforces on what the webview sends (the webview enforces them too). */
export const LIMITS = {
	promptChars: 100_000,
	contextChars: 200_000,
	contextItems: 8,
	labelChars: 300,
	idChars: 64,
	modelIdChars: 2048,
	hrefChars: 2048,
	codeChars: 500_000,
	/** Images and documents on one prompt (Bedrock's per-request limits are checked in attachmentRules). */
	mediaItems: 25,
	/** Base64 of the largest file Bedrock takes (4.5 MB), with room. */
	mediaDataChars: 6_100_000,
} as const;

export type Role = 'user' | 'assistant';
/**
 * streaming: tokens still arriving; stopped: the user pressed Stop; incomplete: an error cut it
 * short; interrupted: the window reloaded (a new extension host) while it streamed.
 */
export type MessageStatus = 'complete' | 'streaming' | 'stopped' | 'incomplete' | 'interrupted';

export interface UsageView {
	inputTokens: number;
	outputTokens: number;
	/** Input tokens read from / written to the prompt cache, when Bedrock reports them. */
	cacheReadInputTokens?: number;
	cacheWriteInputTokens?: number;
}

/** What a reply cost in USD, or why that is not known (no price for the model, region or tier). */
export type CostView = { usd: number; asOf: string } | { unknown: string };

/**
 * One reasoning block of a reply, shown collapsed. `signature` and `redactedContent` (base64)
 * are opaque: kept so the turn can be sent back as Bedrock requires, never shown.
 */
export interface ReasoningView {
	text: string;
	signature?: string;
	redactedContent?: string;
}

/** Editor text attached to a prompt ("Add selection" / "Add active file"). */
export interface ContextAttachment {
	kind: 'selection' | 'file';
	/** What the chip shows, e.g. `app.ts:10-24`. */
	label: string;
	/** VS Code language id, used as the code-fence language. */
	language: string;
	text: string;
}

/** An image or document attached to a prompt (pasted, dropped or picked), as base64. */
export interface MediaAttachment {
	kind: 'image' | 'document';
	/** The file's name as the user had it (shown as text only). */
	name: string;
	format: ImageFormat | DocumentFormat;
	/** Base64 bytes; '' once the history budget could not keep them (see `kept`). */
	data: string;
	/** False when the bytes were dropped from the stored history: shown, and no longer sent. */
	kept?: boolean;
	/** True when "Drop attachments" removed the bytes to fit the context window (then `kept` is false). */
	dropped?: boolean;
}

export interface ChatMessage {
	id: string;
	role: Role;
	text: string;
	status: MessageStatus;
	createdAt: number;
	usage?: UsageView;
	modelId?: string;
	context?: ContextAttachment[];
	/** A user message's images and documents. */
	media?: MediaAttachment[];
	/** An assistant reply's reasoning, in the order the model produced it. */
	reasoning?: ReasoningView[];
	cost?: CostView;
	/** The guardrail (bedrockConnect.chat.guardrail) blocked the prompt or the reply: the text is its message, not the model's. */
	guardrailIntervened?: boolean;
}

export interface ConversationView {
	id: string;
	title: string;
	messages: ChatMessage[];
}

export interface ConversationSummary {
	id: string;
	title: string;
	updatedAt: number;
	messageCount: number;
}

export interface ModelChoiceView {
	id: string;
	label: string;
	/** Optgroup: "Inference profiles", "Foundation models", "Custom". */
	group: string;
	/** How sentences name it, when not the label (which may carry a note). */
	name?: string;
	/** Whether it takes images and documents; absent: not known. */
	inputs?: ModelInputs;
}

export interface ModelState {
	/** The model used for the next send; '' when none is chosen yet. */
	selected: string;
	choices: ModelChoiceView[];
	warnings: string[];
	loading: boolean;
	/** Why the list could not be loaded (the picker still offers "Other model id / ARN…"). */
	error?: string;
}

/** Buttons the error banner can show; the webview maps each to a message or a local action. */
export type ErrorActionId = 'signIn' | 'retry' | 'chooseModel' | 'openSettings';

export interface ChatErrorView {
	/** BedrockConnectError code, or a chat-specific one such as 'NoModel'. */
	code: string;
	message: string;
	/** One sentence on what to do about it. */
	action?: string;
	actions: ErrorActionId[];
}

export type WebviewToHost =
	| { type: 'ready'; version: number }
	| { type: 'send'; requestId: string; text: string; context: ContextAttachment[]; media?: MediaAttachment[] }
	/** Re-run the last user turn after a reply that ended incomplete. */
	| { type: 'retry'; requestId: string }
	| { type: 'stop'; requestId: string }
	| { type: 'newChat' }
	| { type: 'openConversation'; conversationId: string }
	| { type: 'deleteConversation'; conversationId: string }
	| { type: 'selectModel'; modelId: string }
	/** Open the VS Code quick pick (with the "paste a model id / ARN" entry). */
	| { type: 'pickModel' }
	| { type: 'refreshModels' }
	| { type: 'addContext'; kind: 'selection' | 'file' }
	| { type: 'signIn' }
	| { type: 'openSettings' }
	| { type: 'copy'; text: string }
	| { type: 'insertCode'; code: string }
	| { type: 'openCode'; code: string; language: string }
	| { type: 'openLink'; href: string }
	/** Typing paused: count the conversation with this draft against the model's context window. */
	| { type: 'countTokens'; draft: string }
	/** The meter is over the window and the user chose to drop the oldest exchange. */
	| { type: 'dropOldestTurn' }
	/** The meter is over the window: drop earlier turns' attachments, oldest first, until the conversation with this draft fits. */
	| { type: 'dropAttachments'; draft: string };

export type HostToWebview =
	| {
			type: 'init';
			conversation: ConversationView;
			conversations: ConversationSummary[];
			model: ModelState;
			/** Set when a reply is still streaming (the webview was re-created mid-reply). */
			activeRequestId?: string;
	  }
	| { type: 'conversation'; conversation: ConversationView; activeRequestId?: string }
	| { type: 'history'; conversations: ConversationSummary[] }
	| { type: 'models'; model: ModelState }
	/** `user` is absent for a retry, which reuses the last user message. */
	| { type: 'turnStarted'; requestId: string; user?: ChatMessage; assistant: ChatMessage; removedMessageIds: string[] }
	| { type: 'delta'; requestId: string; messageId: string; text: string }
	/** Streamed reasoning: text to append to the reply's reasoning block, or `redacted` when the provider withheld a part. */
	| { type: 'reasoning'; requestId: string; messageId: string; text: string; redacted: boolean }
	/** Transient status under the streaming message, e.g. "Throttled by Bedrock: retrying in 2 s". */
	| { type: 'progress'; requestId: string; messageId: string; text: string }
	| { type: 'turnEnded'; requestId: string; messageId: string; status: MessageStatus; usage?: UsageView; cost?: CostView; guardrailIntervened?: boolean }
	| {
			type: 'error';
			requestId?: string;
			error: ChatErrorView;
			/** The prompt of a turn that produced nothing: the webview puts it back into the input. */
			restorePrompt?: { text: string; context: ContextAttachment[]; media?: MediaAttachment[] };
			/** Messages the host dropped from the conversation (an unanswered user turn). */
			removedMessageIds?: string[];
	  }
	| { type: 'contextAdded'; attachment: ContextAttachment }
	/** Input tokens of the conversation plus the draft, and the model's window when known. */
	| { type: 'contextMeter'; tokens: number; window?: number; estimated: boolean; /** Attachments earlier turns still send. */ attachments?: number }
	| { type: 'signedIn' };

// ---- guards -------------------------------------------------------------------------------

type Check = (value: unknown) => boolean;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const str = (max: number, min = 0): Check => (v) => typeof v === 'string' && v.length >= min && v.length <= max;
const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
const id: Check = (v) => str(LIMITS.idChars, 1)(v) && ID_PATTERN.test(v as string);
const oneOf = (...values: string[]): Check => (v) => typeof v === 'string' && values.includes(v);

export function isContextAttachment(value: unknown): value is ContextAttachment {
	return (
		isRecord(value) &&
		oneOf('selection', 'file')(value.kind) &&
		str(LIMITS.labelChars)(value.label) &&
		str(LIMITS.labelChars)(value.language) &&
		str(LIMITS.contextChars)(value.text)
	);
}

const contextList: Check = (v) => Array.isArray(v) && v.length <= LIMITS.contextItems && v.every(isContextAttachment);

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function isMediaAttachment(value: unknown): value is MediaAttachment {
	if (!isRecord(value) || Object.keys(value).some((k) => !['kind', 'name', 'format', 'data'].includes(k))) return false;
	const formats: readonly string[] = value.kind === 'image' ? IMAGE_FORMATS : value.kind === 'document' ? DOCUMENT_FORMATS : [];
	return str(LIMITS.labelChars, 1)(value.name) && oneOf(...formats)(value.format) && str(LIMITS.mediaDataChars, 1)(value.data) && BASE64.test(value.data as string);
}

const mediaList: Check = (v) => Array.isArray(v) && v.length <= LIMITS.mediaItems && v.every(isMediaAttachment);

/** Fields a message may leave out (added to a message type after it shipped). */
const OPTIONAL_FIELDS: Partial<Record<WebviewToHost['type'], Record<string, Check>>> = {
	send: { media: mediaList },
};

/** Field checks per message type; a message must have exactly these fields (plus `type`). */
const WEBVIEW_MESSAGE_SHAPES: Record<WebviewToHost['type'], Record<string, Check>> = {
	ready: { version: (v) => typeof v === 'number' && Number.isInteger(v) },
	send: { requestId: id, text: str(LIMITS.promptChars), context: contextList },
	retry: { requestId: id },
	stop: { requestId: id },
	newChat: {},
	openConversation: { conversationId: id },
	deleteConversation: { conversationId: id },
	selectModel: { modelId: str(LIMITS.modelIdChars, 1) },
	pickModel: {},
	refreshModels: {},
	addContext: { kind: oneOf('selection', 'file') },
	signIn: {},
	openSettings: {},
	copy: { text: str(LIMITS.codeChars) },
	insertCode: { code: str(LIMITS.codeChars) },
	openCode: { code: str(LIMITS.codeChars), language: str(LIMITS.labelChars) },
	openLink: { href: str(LIMITS.hrefChars, 1) },
	countTokens: { draft: str(LIMITS.promptChars) },
	dropOldestTurn: {},
	dropAttachments: { draft: str(LIMITS.promptChars) },
};

/**
 * True only for a well-formed message from the webview: a known `type`, every field present
 * with the right type and within its limit, and no unknown fields.
 */
export function isWebviewToHost(value: unknown): value is WebviewToHost {
	if (!isRecord(value) || typeof value.type !== 'string' || !Object.hasOwn(WEBVIEW_MESSAGE_SHAPES, value.type)) {
		return false;
	}
	const shape = WEBVIEW_MESSAGE_SHAPES[value.type as WebviewToHost['type']];
	const optional = OPTIONAL_FIELDS[value.type as WebviewToHost['type']] ?? {};
	const keys = Object.keys(value);
	if (!Object.keys(shape).every((key) => keys.includes(key))) {
		return false;
	}
	return keys.every((key) => key === 'type' || (Object.hasOwn(shape, key) && shape[key](value[key])) || (Object.hasOwn(optional, key) && optional[key](value[key])));
}

/** A short description of a rejected message for the log: its type at most, never its content. */
export function describeRejected(value: unknown): string {
	if (!isRecord(value)) {
		return `non-object (${Array.isArray(value) ? 'array' : typeof value})`;
	}
	// Only a known type name is echoed: an unknown one is as untrusted as the content.
	const type = typeof value.type === 'string' && Object.hasOwn(WEBVIEW_MESSAGE_SHAPES, value.type) ? value.type : '?';
	return `type=${type}, ${Object.keys(value).length} fields`;
}

/**
 * The request id of a refused `send` or `retry` whose id itself is well formed, so the host can
 * answer the request the page is waiting on; undefined for anything else.
 */
export function awaitedRequestId(value: unknown): string | undefined {
	if (!isRecord(value) || (value.type !== 'send' && value.type !== 'retry') || !id(value.requestId)) {
		return undefined;
	}
	return value.requestId as string;
}

/** Random id for requests and messages; `crypto.randomUUID` exists in both the webview and Node. */
export function newId(): string {
	return globalThis.crypto.randomUUID();
}
