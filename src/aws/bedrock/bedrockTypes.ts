// The chat's view of Bedrock, as types only. Implemented in src/aws/bedrock/ (engine
// bundle); the chat host in src/vscode/chat/ uses it through `import type`.

import type { Connection } from '../engineTypes';
import type { Logger } from '../ports';
import type { LmConverseOptions, LmConverseRequest } from './lmTypes';

export interface ChatTurn {
	role: 'user' | 'assistant';
	text: string;
}

export interface ConverseRequest {
	/** Foundation-model id, inference-profile id, or an ARN of either. */
	modelId: string;
	messages: ChatTurn[];
	system?: string;
	maxTokens?: number;
	temperature?: number;
}

export interface TokenUsage {
	inputTokens: number;
	outputTokens: number;
	totalTokens: number;
}

export type StreamEvent =
	| { type: 'text'; text: string }
	| { type: 'usage'; usage: TokenUsage; latencyMs?: number }
	| { type: 'stop'; stopReason: string }
	/** Informational: the service is retrying (credentials refreshed, or throttled and backing off). */
	| { type: 'retrying'; reason: 'credentialsRefreshed' | 'throttled'; attempt: number; delayMs?: number };

export interface ConverseResult {
	stopReason: string;
	usage?: TokenUsage;
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
}

export interface ModelCatalogue {
	models: ModelOption[];
	/** Non-fatal problems, e.g. "not allowed to list inference profiles; showing foundation models only". */
	warnings: string[];
}

export interface BedrockService {
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
	countTokens?(request: LmConverseRequest, signal?: AbortSignal): Promise<number>;
	dispose(): void;
}

export interface BedrockServiceDeps {
	session: Connection;
	logger: Logger;
}
