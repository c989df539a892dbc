// What each catalog model can do beyond plain text, the way Bedrock's per-model feature tables
// list it: tool use, reasoning, prompt caching, CountTokens, documents, tiers, latency modes.
import type { FoundationModel } from '../catalog';

export interface ModelFeatures {
	toolUse: boolean;
	/** The reasoning request family (`additionalModelRequestFields`), when the model reasons. */
	reasoning?: 'anthropic';
	promptCaching: boolean;
	/** CountTokens by foundation-model id (never by inference profile, as on Bedrock). */
	countTokens: boolean;
	documents: boolean;
	/** Service tiers besides `default`. */
	serviceTiers: readonly string[];
	/** `performanceConfig.latency: optimized`. */
	latencyOptimized: boolean;
	/** Shortest prefix a cache point caches, in tokens (shorter ones are silently not cached). */
	cacheMinimumTokens: number;
	/** Context window in tokens (the emulator's tokens: words). */
	contextWindow: number;
}

const PLAIN: ModelFeatures = {
	toolUse: false,
	promptCaching: false,
	countTokens: false,
	documents: false,
	serviceTiers: [],
	latencyOptimized: false,
	cacheMinimumTokens: 1024,
	contextWindow: 8_000,
};

const FEATURES: Record<string, Partial<ModelFeatures>> = {
	'anthropic.claude-3-haiku-20240307-v1:0': { toolUse: true, documents: true, contextWindow: 200_000 },
	'anthropic.claude-3-5-haiku-20241022-v1:0': { toolUse: true, promptCaching: true, cacheMinimumTokens: 2048, countTokens: true, latencyOptimized: true, contextWindow: 200_000 },
	'anthropic.claude-sonnet-4-20250514-v1:0': {
		toolUse: true,
		reasoning: 'anthropic',
		promptCaching: true,
		countTokens: true,
		documents: true,
		serviceTiers: ['priority'],
		contextWindow: 200_000,
	},
	'amazon.nova-lite-v1:0': { toolUse: true, promptCaching: true, documents: true, serviceTiers: ['priority', 'flex'], cacheMinimumTokens: 1000, contextWindow: 300_000 },
	'meta.llama3-70b-instruct-v1:0': { contextWindow: 8_000 },
};

export function featuresOf(model: FoundationModel): ModelFeatures {
	return { ...PLAIN, ...FEATURES[model.modelId] };
}
