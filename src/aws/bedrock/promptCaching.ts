// Where prompt-cache points go in a Converse request. Caching is by prefix: a cache point
// after the system prompt keeps it; one at the end of the newest user turn writes the whole
// conversation so far, which the next turn then reads; one at the end of the previous user
// turn reads what the last turn wrote. Bedrock allows four per request; this uses three at most.
import type { Message, SystemContentBlock } from '@aws-sdk/client-bedrock-runtime';

const CACHE_POINT = { cachePoint: { type: 'default' as const } };

export interface CachedPrompt {
	system?: SystemContentBlock[];
	messages: Message[];
}

/** A copy of the prompt with cache points added; the input is not changed. */
export function withCachePoints(prompt: CachedPrompt): CachedPrompt {
	const messages = prompt.messages.map((m) => ({ ...m, content: [...(m.content ?? [])] }));
	const userIndexes = messages.flatMap((m, i) => (m.role === 'user' ? [i] : []));
	for (const index of userIndexes.slice(-2)) {
		messages[index]?.content?.push({ ...CACHE_POINT });
	}
	const system = prompt.system?.length ? [...prompt.system, { ...CACHE_POINT }] : undefined;
	return { ...(system ? { system } : {}), messages };
}

/** Number of cache points in a request (tests and the refusal retry read it). */
export function countCachePoints(prompt: CachedPrompt): number {
	const inSystem = (prompt.system ?? []).filter((b) => 'cachePoint' in b && b.cachePoint).length;
	const inMessages = prompt.messages.reduce((n, m) => n + (m.content ?? []).filter((b) => 'cachePoint' in b && b.cachePoint).length, 0);
	return inSystem + inMessages;
}

/**
 * True for the ValidationException a model answers when it does not take cache points (the
 * wording varies by model and region; every variant names caching).
 */
export function isCachingRefusal(error: unknown): boolean {
	if (typeof error !== 'object' || error === null) return false;
	const { name, message } = error as { name?: unknown; message?: unknown };
	return name === 'ValidationException' && typeof message === 'string' && /cach/i.test(message);
}
