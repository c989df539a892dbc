// How much of a model's context window a conversation fills: counted by Bedrock's CountTokens
// where the model offers it (by its base model id: Bedrock refuses profiles), else estimated,
// and cached so a draft counted once is not counted again. Pure except for the count it is given.

/** Context windows in tokens by base model id prefix; the first match wins. */
const WINDOWS: readonly [RegExp, number][] = [
	[/^anthropic\.claude-/, 200_000],
	[/^amazon\.nova-(?:lite|pro|premier)-/, 300_000],
	[/^amazon\.nova-micro-/, 128_000],
	[/^amazon\.nova-2-/, 1_000_000],
	[/^deepseek\.r1-/, 128_000],
	[/^openai\.gpt-oss-/, 128_000],
	[/^meta\.llama3-\d+b?-/, 8_000],
];

export function contextWindowOf(baseModelId: string | undefined): number | undefined {
	return baseModelId ? WINDOWS.find(([pattern]) => pattern.test(baseModelId))?.[1] : undefined;
}

/** A rough count when CountTokens is not available: about four characters a token. */
export function estimateTokens(chars: number): number {
	return Math.ceil(chars / 4);
}

export interface ContextCount {
	inputTokens: number;
	/** Undefined when the model's window is not known. */
	contextWindow?: number;
	/** True when estimated rather than counted by Bedrock. */
	estimated: boolean;
}

/** A small most-recently-used cache of counts by request key. */
export class CountCache {
	private readonly entries = new Map<string, ContextCount>();

	constructor(private readonly size = 50) {}

	get(key: string): ContextCount | undefined {
		const found = this.entries.get(key);
		if (found) {
			this.entries.delete(key);
			this.entries.set(key, found);
		}
		return found;
	}

	set(key: string, count: ContextCount): void {
		this.entries.delete(key);
		this.entries.set(key, count);
		while (this.entries.size > this.size) {
			const oldest = this.entries.keys().next().value;
			if (oldest === undefined) break;
			this.entries.delete(oldest);
		}
	}
}
