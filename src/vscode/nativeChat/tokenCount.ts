// Token counts for VS Code's context budgeting. Bedrock CountTokens where the model supports it,
// cached per model and text (VS Code asks for the same messages again on every request); for a
// model CountTokens refuses, the documented estimate of about four characters per token
// (Anthropic's and Amazon's rule of thumb for English text and code), plus a fixed cost per image.

/** Characters per token of the estimate. */
export const CHARS_PER_TOKEN = 4;
/** What an image counts in the estimate (a ~1000×1000 image, per Anthropic's sizing guide). */
export const IMAGE_TOKENS = 1_600;

export function estimateTokens(text: string, images = 0): number {
	return Math.ceil(text.length / CHARS_PER_TOKEN) + images * IMAGE_TOKENS;
}

export interface TokenCounterStats {
	hits: number;
	misses: number;
	estimates: number;
}

/** Counts with `count` (CountTokens), remembering results per model+text and the models it fails for. */
export class TokenCounter {
	private readonly cache = new Map<string, number>();
	private readonly unsupported = new Set<string>();
	readonly stats: TokenCounterStats = { hits: 0, misses: 0, estimates: 0 };

	constructor(
		private readonly count: ((modelId: string, text: string) => Promise<number>) | undefined,
		private readonly maxEntries = 2_000,
	) {}

	async tokens(modelId: string, text: string): Promise<number> {
		const key = `${modelId}\u0000${text}`;
		const cached = this.cache.get(key);
		if (cached !== undefined) {
			this.stats.hits++;
			return cached;
		}
		if (!this.count || this.unsupported.has(modelId) || text === '') {
			this.stats.estimates++;
			return estimateTokens(text);
		}
		this.stats.misses++;
		let tokens: number;
		try {
			tokens = await this.count(modelId, text);
		} catch (e) {
			// Not every model supports CountTokens (Bedrock refuses with a validation error):
			// estimate from now on for that model. Other failures (network, throttling) estimate once.
			if ((e as { code?: string }).code === 'Validation') this.unsupported.add(modelId);
			this.stats.estimates++;
			return estimateTokens(text);
		}
		if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
		this.cache.set(key, tokens);
		return tokens;
	}
}
