// Prompt caching: cachePoint blocks in tools, system and messages mark prefixes; the first
// request with a prefix writes it (cacheWriteInputTokens), later ones read it
// (cacheReadInputTokens) until its TTL ends. Prefixes are keyed by the base model, so an
// application or system inference profile shares its model's cache.
import { createHash } from 'node:crypto';
import type { Reply } from '../http';
import { restJsonError } from '../protocols';
import type { ConverseMessage } from '../replies';
import { bedrockValidation } from '../services/bedrockAuth';
import { type Block, blocksOf, isObject } from './contentBlocks';
import { blockTokens, toolConfigTokens } from './tokenCount';

const MAX_CACHE_POINTS = 4;
const TTL_MS: Record<string, number> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };

export interface CacheAccounting {
	cacheReadInputTokens: number;
	cacheWriteInputTokens: number;
}

export interface CacheCheckpoint {
	key: string;
	/** Tokens of everything before the cache point. */
	tokens: number;
	ttlMs: number;
	/** Where Anthropic models see the cache mark: the block before it, e.g. `system.0`. */
	markedBlock: string;
}

/** What the emulator has cached: prefix hash → expiry (server clock). */
export class PromptCache {
	private readonly entries = new Map<string, number>();
	/** Overrides every model's minimum prefix length (tests with short prompts); undefined: the model's. */
	minimumTokens?: number;

	clear(): void {
		this.entries.clear();
		this.minimumTokens = undefined;
	}

	/** Reads the longest cached prefix, writes the rest up to the last cache point. */
	account(checkpoints: readonly CacheCheckpoint[], minimumTokens: number, now: number): CacheAccounting {
		const minimum = this.minimumTokens ?? minimumTokens;
		const eligible = checkpoints.filter((checkpoint) => checkpoint.tokens >= minimum);
		if (eligible.length === 0) {
			return { cacheReadInputTokens: 0, cacheWriteInputTokens: 0 };
		}
		let read = 0;
		for (const checkpoint of eligible) {
			const expiresAt = this.entries.get(checkpoint.key);
			if (expiresAt !== undefined && expiresAt > now) {
				read = checkpoint.tokens;
			}
		}
		for (const checkpoint of eligible) {
			// A read refreshes the entry's TTL, as Bedrock's does.
			this.entries.set(checkpoint.key, now + checkpoint.ttlMs);
		}
		const last = eligible[eligible.length - 1].tokens;
		return { cacheReadInputTokens: read, cacheWriteInputTokens: last - read };
	}
}

interface Walk {
	checkpoints: CacheCheckpoint[];
	error?: Reply;
}

function cachePointError(member: unknown, path: string): Reply | undefined {
	if (!isObject(member) || member.type !== 'default') {
		return bedrockValidation(
			`1 validation error detected: Value '${String(isObject(member) ? member.type : member)}' at '${path}.cachePoint.type' failed to satisfy constraint: Member must satisfy enum value set: [default]`,
		);
	}
	if (member.ttl !== undefined && !(String(member.ttl) in TTL_MS)) {
		return bedrockValidation(
			`1 validation error detected: Value '${String(member.ttl)}' at '${path}.cachePoint.ttl' failed to satisfy constraint: Member must satisfy enum value set: [5m, 1h]`,
		);
	}
	return undefined;
}

/** The cache points of a request in Bedrock's prefix order: tools, then system, then messages. */
export function cacheCheckpoints(modelId: string, toolConfig: unknown, system: unknown, messages: readonly ConverseMessage[]): Walk {
	const hash = createHash('sha256').update(modelId);
	const checkpoints: CacheCheckpoint[] = [];
	let tokens = 0;
	let previous = '';
	const visit = (block: Block, path: string, tokensOf: (block: Block) => number, anthropicPath: string): Reply | undefined => {
		if (block.cachePoint !== undefined) {
			const refused = cachePointError(block.cachePoint, path);
			if (refused) {
				return refused;
			}
			const ttl = isObject(block.cachePoint) && typeof block.cachePoint.ttl === 'string' ? block.cachePoint.ttl : '5m';
			checkpoints.push({ key: hash.copy().digest('hex'), tokens, ttlMs: TTL_MS[ttl], markedBlock: previous });
			return undefined;
		}
		previous = anthropicPath;
		hash.update(JSON.stringify(block));
		tokens += tokensOf(block);
		return undefined;
	};
	const tools = isObject(toolConfig) && Array.isArray(toolConfig.tools) ? toolConfig.tools.filter(isObject) : [];
	const systemBlocks = Array.isArray(system) ? system.filter(isObject) : [];
	type Step = [Block, string, (block: Block) => number, string];
	const steps: Step[] = [
		...tools.map((tool, i): Step => [tool, `toolConfig.tools.${i + 1}.member`, (one) => toolConfigTokens({ tools: [one] }), `tools.${i}`]),
		...systemBlocks.map((block, i): Step => [block, `system.${i + 1}.member`, blockTokens, `system.${i}`]),
		...messages.flatMap((message, i) =>
			blocksOf(message).map((block, j): Step => [block, `messages.${i + 1}.member.content.${j + 1}.member`, blockTokens, `messages.${i}.content.${j}`]),
		),
	];
	for (const [block, path, tokensOf, anthropicPath] of steps) {
		const error = visit(block, path, tokensOf, anthropicPath);
		if (error) {
			return { checkpoints, error };
		}
	}
	if (checkpoints.length > MAX_CACHE_POINTS) {
		return {
			checkpoints,
			error: bedrockValidation(`The model returned the following errors: A maximum of ${MAX_CACHE_POINTS} blocks with cache_control may be provided. Found ${checkpoints.length}.`),
		};
	}
	return { checkpoints };
}

/** Bedrock answers cache points on a model without prompt caching with AccessDeniedException. */
export function cachingRefused(): Reply {
	return restJsonError(403, 'AccessDeniedException', {
		message: 'You invoked an unsupported model or your request did not allow prompt caching. See the documentation for more information.',
	});
}
