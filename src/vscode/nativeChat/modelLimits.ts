// What each Bedrock model family accepts, for VS Code's model information: context window,
// output limit, tool calling and image input. From the Bedrock model cards; the first pattern
// that matches the base model id (provider prefix included) wins. Pure.

export interface ModelLimits {
	maxInputTokens: number;
	maxOutputTokens: number;
	toolCalling: boolean;
	imageInput: boolean;
}

const FAMILIES: ReadonlyArray<[RegExp, ModelLimits]> = [
	[/^anthropic\.claude-3-5-haiku/, { maxInputTokens: 200_000, maxOutputTokens: 8_192, toolCalling: true, imageInput: false }],
	[/^anthropic\.claude-3-(haiku|sonnet|opus)/, { maxInputTokens: 200_000, maxOutputTokens: 4_096, toolCalling: true, imageInput: true }],
	[/^anthropic\.claude-3-5-sonnet/, { maxInputTokens: 200_000, maxOutputTokens: 8_192, toolCalling: true, imageInput: true }],
	[/^anthropic\.claude-(3-7-sonnet|sonnet-4|haiku-4)/, { maxInputTokens: 200_000, maxOutputTokens: 64_000, toolCalling: true, imageInput: true }],
	[/^anthropic\.claude-opus-4/, { maxInputTokens: 200_000, maxOutputTokens: 32_000, toolCalling: true, imageInput: true }],
	[/^anthropic\.claude/, { maxInputTokens: 200_000, maxOutputTokens: 4_096, toolCalling: true, imageInput: false }],
	[/^amazon\.nova-micro/, { maxInputTokens: 128_000, maxOutputTokens: 5_000, toolCalling: true, imageInput: false }],
	[/^amazon\.nova-premier/, { maxInputTokens: 1_000_000, maxOutputTokens: 32_000, toolCalling: true, imageInput: true }],
	[/^amazon\.nova/, { maxInputTokens: 300_000, maxOutputTokens: 5_000, toolCalling: true, imageInput: true }],
	[/^meta\.llama3-2-(11|90)b/, { maxInputTokens: 128_000, maxOutputTokens: 2_048, toolCalling: true, imageInput: true }],
	[/^meta\.llama4/, { maxInputTokens: 128_000, maxOutputTokens: 8_192, toolCalling: true, imageInput: true }],
	[/^meta\.llama3-[123]/, { maxInputTokens: 128_000, maxOutputTokens: 2_048, toolCalling: true, imageInput: false }],
	[/^meta\.llama/, { maxInputTokens: 8_000, maxOutputTokens: 2_048, toolCalling: false, imageInput: false }],
	[/^mistral\.(mistral-large|pixtral)/, { maxInputTokens: 128_000, maxOutputTokens: 8_192, toolCalling: true, imageInput: false }],
	[/^cohere\.command-r/, { maxInputTokens: 128_000, maxOutputTokens: 4_096, toolCalling: true, imageInput: false }],
	[/^deepseek\./, { maxInputTokens: 128_000, maxOutputTokens: 32_768, toolCalling: false, imageInput: false }],
];

/** For a model nobody described: a modest window, and no tools or images (the safe claim). */
export const UNKNOWN_MODEL_LIMITS: ModelLimits = { maxInputTokens: 32_000, maxOutputTokens: 4_096, toolCalling: false, imageInput: false };

export function limitsFor(baseModelId: string): ModelLimits {
	return FAMILIES.find(([pattern]) => pattern.test(baseModelId))?.[1] ?? UNKNOWN_MODEL_LIMITS;
}
