// Everything a Converse request asks for beyond plain text, read and checked in the order
// Bedrock checks it: service tier, guardrail, tools, documents, images, reasoning, cache points;
// each refusal as Bedrock words it.
import type { FoundationModel } from '../catalog';
import type { Reply } from '../http';
import { bedrockValidation } from '../services/bedrockAuth';
import type { ConverseMessage } from '../replies';
import type { EmulatorState } from '../state';
import { checkDocuments } from './documents';
import { type GuardrailRequest, readGuardrailConfig } from './guardrails';
import { checkImages } from './images';
import { type CacheCheckpoint, cacheCheckpoints, cachingRefused } from './promptCache';
import { type ModelFeatures, featuresOf } from './modelFeatures';
import { type ReasoningRequest, checkReasoningHistory, readReasoning } from './reasoning';
import { type ServiceOptions, readServiceOptions } from './serviceTiers';
import { countInputTokens } from './tokenCount';
import { type ToolConfig, checkToolTurns, readToolConfig } from './toolUse';

export interface ConverseRequest {
	model: FoundationModel;
	features: ModelFeatures;
	params: Record<string, unknown>;
	messages: ConverseMessage[];
	/** The whole input, cached or not (see tokenCount.ts). */
	inputTokens: number;
	tools?: ToolConfig;
	reasoning?: ReasoningRequest;
	/** Cache points in prefix order (empty: no caching asked for). */
	cachePoints: CacheCheckpoint[];
	guardrail?: GuardrailRequest;
	service: ServiceOptions;
}

export function isReply(value: unknown): value is Reply {
	return value !== null && typeof value === 'object' && 'status' in value && 'headers' in value;
}

export function readConverseRequest(state: EmulatorState, model: FoundationModel, params: Record<string, unknown>, messages: ConverseMessage[]): ConverseRequest | Reply {
	const features = featuresOf(model);
	const service = readServiceOptions(params, features);
	if (isReply(service)) {
		return service;
	}
	const guardrail = readGuardrailConfig(params, state.guardrails);
	if (isReply(guardrail)) {
		return guardrail;
	}
	const tools = readToolConfig(params, features.toolUse);
	if (isReply(tools)) {
		return tools;
	}
	const documents = checkDocuments(messages, features.documents);
	const turns = checkToolTurns(messages, tools) ?? documents.refusal ?? checkImages(messages, model, documents.count);
	if (turns) {
		return turns;
	}
	const reasoning = readReasoning(params, features, model.providerName, tools);
	if (isReply(reasoning)) {
		return reasoning;
	}
	const history = reasoning ? checkReasoningHistory(messages) : undefined;
	if (history) {
		return history;
	}
	const cache = cacheCheckpoints(model.modelId, params.toolConfig, params.system, messages);
	if (cache.error) {
		return cache.error;
	}
	if (cache.checkpoints.length > 0 && !features.promptCaching) {
		return cachingRefused();
	}
	if (cache.checkpoints.length > 0 && service.latencyOptimized) {
		// Latency-optimized serving takes no cache marks (boto3 #4626).
		return bedrockValidation(`The model returned the following errors: ${cache.checkpoints[0].markedBlock}.cache_control: Extra inputs are not permitted`);
	}
	const inputTokens = countInputTokens(params.system, messages, params.toolConfig);
	if (inputTokens > (state.replies.contextWindow ?? features.contextWindow)) {
		return bedrockValidation('The model returned the following errors: Input is too long for requested model.');
	}
	return { model, features, params, messages, inputTokens, tools, reasoning, cachePoints: cache.checkpoints, guardrail, service };
}


