// What a Bedrock model can do beyond plain text, decided from its id alone: which reasoning
// ("thinking") control it takes and whether it accepts prompt-cache points. Pure and SDK-free,
// so the chat panel and VS Code's native chat provider share it.

/** Geography prefixes of system-defined cross-region inference profiles (`us.`, `eu.`, `global.`…). */
const PROFILE_PREFIX = /^(?:us|eu|apac|ap|jp|au|ca|us-gov|global)\./;

/**
 * The foundation-model id behind a model id, a system inference-profile id or an ARN of either;
 * undefined for an application inference profile (its model is known only to the service: see
 * `resolveBaseModel` in the Bedrock service).
 */
export function baseModelOf(modelId: string): string | undefined {
	let id = modelId.trim();
	const arn = /^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:([a-z-]+)\/(.+)$/.exec(id);
	if (arn) {
		const [, resource, name] = arn;
		if (resource === 'application-inference-profile') return undefined;
		id = name ?? '';
	}
	return id.replace(PROFILE_PREFIX, '') || undefined;
}

/** True for an application inference profile ARN, whose base model must be looked up. */
export function isApplicationProfile(modelId: string): boolean {
	return /^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:application-inference-profile\//.test(modelId.trim());
}

/**
 * How a family is asked to reason: `anthropicThinking` (a token budget in `thinking`),
 * `novaReasoning` (`reasoningConfig.maxReasoningEffort`), `reasoningEffort` (OpenAI's
 * `reasoning_effort`), `always` (the model always reasons and takes no control), or none.
 */
export type ReasoningControl = 'anthropicThinking' | 'novaReasoning' | 'reasoningEffort' | 'always' | 'none';

export interface ModelFamily {
	reasoning: ReasoningControl;
	/** Accepts `cachePoint` blocks in system and messages. */
	promptCaching: boolean;
}

const NONE: ModelFamily = { reasoning: 'none', promptCaching: false };

/** Families are matched on the base model id; the first matching row wins. */
const FAMILIES: readonly { pattern: RegExp; family: ModelFamily }[] = [
	// Claude 3.7 Sonnet and every Claude 4 or later (opus-4, sonnet-4-5, haiku-4-5, …) think.
	{ pattern: /^anthropic\.claude-3-7-/, family: { reasoning: 'anthropicThinking', promptCaching: true } },
	{ pattern: /^anthropic\.claude-(?:opus|sonnet|haiku)-(?:[4-9]|\d{2})/, family: { reasoning: 'anthropicThinking', promptCaching: true } },
	{ pattern: /^anthropic\.claude-3-5-haiku-/, family: { reasoning: 'none', promptCaching: true } },
	{ pattern: /^amazon\.nova-2-/, family: { reasoning: 'novaReasoning', promptCaching: true } },
	{ pattern: /^amazon\.nova-(?:micro|lite|pro|premier)-/, family: { reasoning: 'none', promptCaching: true } },
	{ pattern: /^deepseek\.r1-/, family: { reasoning: 'always', promptCaching: false } },
	{ pattern: /^openai\.gpt-oss-/, family: { reasoning: 'reasoningEffort', promptCaching: false } },
];

/** The family of a base model id (see `baseModelOf`); unknown models get no extras. */
export function modelFamily(baseModelId: string | undefined): ModelFamily {
	if (!baseModelId) return NONE;
	return FAMILIES.find((row) => row.pattern.test(baseModelId))?.family ?? NONE;
}
