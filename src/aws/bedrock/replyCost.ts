// What a reply cost, from its token usage and the price of its model, region and tier. A
// price that is missing (model, region, tier, or the cache prices for cache tokens) makes the
// cost unknown, with the reason; never a number that leaves something out. Pure.
import type { TokenUsage } from './bedrockTypes';
import { findPrices, priceRoutingOf, PRICE_TABLE_DATE, type PriceOverrides, type PriceQuery, type ServiceTierName } from './priceTable';

export type ReplyCost =
	| { known: true; usd: number; source: 'settings' | 'table'; asOf: string }
	| { known: false; reason: string };

/** What a request is priced as: its base model, the region it runs in, its tier, and its routing (`global.` or not). */
export function priceQueryFor(request: { modelId: string; serviceTier?: ServiceTierName }, baseModelId: string | undefined, region: string): PriceQuery {
	return { baseModelId, region, tier: request.serviceTier ?? 'default', routing: priceRoutingOf(request.modelId) };
}

export function replyCost(usage: TokenUsage, query: PriceQuery, overrides?: PriceOverrides): ReplyCost {
	const found = findPrices(query, overrides);
	if (!found) {
		const what = query.baseModelId ?? 'this model';
		const tier = query.tier === 'default' ? '' : ` (${query.tier} tier)`;
		return { known: false, reason: `No price for ${what} in ${query.region}${tier}; add it to bedrockConnect.chat.prices.` };
	}
	const { prices } = found;
	const cacheRead = usage.cacheReadInputTokens ?? 0;
	const cacheWrite = usage.cacheWriteInputTokens ?? 0;
	if ((cacheRead > 0 && prices.cacheRead === undefined) || (cacheWrite > 0 && prices.cacheWrite === undefined)) {
		return { known: false, reason: `No prompt-cache price for ${query.baseModelId}; add cacheRead/cacheWrite to bedrockConnect.chat.prices.` };
	}
	const micro = usage.inputTokens * prices.input + usage.outputTokens * prices.output + cacheRead * (prices.cacheRead ?? 0) + cacheWrite * (prices.cacheWrite ?? 0);
	return { known: true, usd: micro / 1_000_000, source: found.source, asOf: found.source === 'table' ? PRICE_TABLE_DATE : 'your settings' };
}
