// The chat's view of Bedrock, as types only. Implemented in src/aws/bedrock/ (engine
// bundle); the chat host in src/vscode/chat/ uses it through `import type`.

import type { Connection } from '../engineTypes';
import type { Logger } from '../ports';
import type { LmConverseOptions, LmConverseRequest } from './lmTypes';
import type { PriceOverrides, ServiceTierName } from './priceTable';
import type { ReasoningLevel } from './reasoningRequest';
import type { ReplyCost } from './replyCost';
import type { ModelInputs } from '../../shared/modelInputCheck';

export type { PriceOverrides, ServiceTierName, TokenPrices } from './priceTable';
export type { ReasoningLevel } from './reasoningRequest';
export type { ReplyCost } from './replyCost';

/** bedrockConnect.chat.guardrail: a guardrail applied to every request, with its trace. */
export interface GuardrailSetting {
	identifier: string;
	version: string;
}

/**
 * One reasoning block of a reply. Claude signs its thinking; the signature (or the encrypted
 * `redactedContent`, base64) must go back unchanged with the turn in later requests.
 */
export interface ReasoningPart {
	text: string;
	signature?: string;
	/** Base64 of the opaque bytes Bedrock sends for reasoning the provider redacted. */
	redactedContent?: string;
}

/** An image or document of a user turn, sent as a Converse content block before the text. */
export interface TurnMedia {
	kind: 'image' | 'document';
	/** The user's file name; documents are sent under a name Bedrock accepts (bedrockDocumentName). */
	name: string;
	/** png, jpeg, gif, webp / pdf, csv, doc, docx, xls, xlsx, html, txt, md. */
	format: string;
	/** Base64 bytes. */
	data: string;
}

export interface ChatTurn {
	role: 'user' | 'assistant';
	text: string;
	/** A user turn's images and documents. */
	media?: TurnMedia[];
	/** An assistant turn's reasoning, sent back before its text when the model reasons. */
	reasoning?: ReasoningPart[];
}

export interface ConverseRequest {
	/** Foundation-model id, inference-profile id, or an ARN of either. */
	modelId: string;
	messages: ChatTurn[];
	system?: string;
	maxTokens?: number;
	temperature?: number;
	/** bedrockConnect.chat.reasoning; absent: off. */
	reasoning?: ReasoningLevel;
	/** bedrockConnect.chat.promptCaching; absent: on. Only models that support it get cache points. */
	promptCaching?: boolean;
	/** bedrockConnect.chat.serviceTier; absent or 'default': no serviceTier field. */
	serviceTier?: ServiceTierName;
	/** bedrockConnect.chat.performance; 'optimized' asks for latency-optimized inference. */
	performance?: 'standard' | 'optimized';
	guardrail?: GuardrailSetting;
	/** bedrockConnect.chat.prices (validated): override the bundled price table. */
	prices?: PriceOverrides;
}

export interface TokenUsage {
	inputTokens: number;
	outputTokens: number;
	totalTokens: number;
	/** Input tokens served from the prompt cache (absent: none reported). */
	cacheReadInputTokens?: number;
	/** Input tokens written to the prompt cache. */
	cacheWriteInputTokens?: number;
}

export type StreamEvent =
	| { type: 'text'; text: string }
	/** A piece of reasoning for content block `blockIndex`: text, its signature, or redacted bytes (base64). */
	| { type: 'reasoning'; blockIndex: number; text?: string; signature?: string; redactedContent?: string }
	/** Informational: the model refused prompt caching; the request is sent again without (remembered for the model). */
	| { type: 'cachingRefused' }
	/** A chat setting was ignored (e.g. a malformed price override); the sentence says which and why. */
	| { type: 'settingsProblem'; message: string }
	| { type: 'usage'; usage: TokenUsage; latencyMs?: number; cost?: ReplyCost }
	| { type: 'stop'; stopReason: string }
	/** Informational: the service is retrying (credentials refreshed, or throttled and backing off). */
	| { type: 'retrying'; reason: 'credentialsRefreshed' | 'throttled'; attempt: number; delayMs?: number };

export interface ConverseResult {
	stopReason: string;
	usage?: TokenUsage;
	/** From the usage and the price of the model in its region and tier. */
	cost?: ReplyCost;
}

export type ModelKind = 'foundationModel' | 'systemInferenceProfile' | 'applicationInferenceProfile';

export interface ModelOption {
	/** What to pass as ConverseRequest.modelId. */
	id: string;
	label: string;
	providerName?: string;
	kind: ModelKind;
	/** For profiles: the foundation model(s) behind it. */
	baseModelIds?: string[];
	/** True when the foundation model cannot be invoked on demand and needs an inference profile. */
	requiresInferenceProfile?: boolean;
	/** True for entries from the built-in list of well-known ids, offered when nothing could be listed. */
	builtIn?: boolean;
	/** Images and documents it takes (a profile: every base model must); absent or a missing field: not known. */
	inputs?: ModelInputs;
}

export interface ModelCatalogue {
	models: ModelOption[];
	/** Non-fatal problems, e.g. "not allowed to list inference profiles; showing foundation models only". */
	warnings: string[];
}

export type { ContextCount } from './contextWindow';
import type { ContextCount } from './contextWindow';

export interface BedrockService {
	/**
	 * Input tokens the request would take and the model's context window: Bedrock's CountTokens
	 * where the model offers it, else an estimate; cached per request. Never throws for a model
	 * that cannot count (it estimates); throws on cancellation.
	 */
	countTokens?(request: ConverseRequest, signal?: AbortSignal): Promise<ContextCount>;
	listModels(signal?: AbortSignal): Promise<ModelCatalogue>;
	/**
	 * Streams one reply. Text arrives through onEvent as soon as it is decoded. Throws a
	 * BedrockConnectError (Throttled, ModelAccessDenied, ModelNotReady, Validation,
	 * SignInRequired, Network, ServiceError, Cancelled); text already delivered stays delivered.
	 */
	converseStream(
		request: ConverseRequest,
		options: { signal: AbortSignal; onEvent: (event: StreamEvent) => void },
	): Promise<ConverseResult>;
	/**
	 * For VS Code's language-model provider: a reply to messages made of parts, with tools;
	 * tool calls arrive complete. Same errors, refresh and retry rules as converseStream.
	 * (Optional so that hand-made services, e.g. test fakes, need not implement it.)
	 */
	converseParts?(request: LmConverseRequest, options: LmConverseOptions): Promise<ConverseResult>;
	/** Bedrock CountTokens for what converseParts would send; fails for models CountTokens does not support. */
	countPartsTokens?(request: LmConverseRequest, signal?: AbortSignal): Promise<number>;
	dispose(): void;
}

export interface BedrockServiceDeps {
	session: Connection;
	logger: Logger;
}
