// The bundled, dated Bedrock price table (on-demand, USD per million tokens) and the user's
// overrides (bedrockConnect.chat.prices). A model, region or tier not listed has no price:
// the chat then says "unknown price" instead of guessing. Pure.
// Claude 4.5 and later cost about 10 % less through a `global.` inference profile than in-region
// or through a geographic profile (`us.`, `eu.`…), priced by the source region: rows say which.

export type ServiceTierName = 'default' | 'priority' | 'flex';

/** USD per million tokens. A missing cache price means cache tokens cannot be priced. */
export interface TokenPrices {
	input: number;
	output: number;
	cacheRead?: number;
	cacheWrite?: number;
}

/** When the bundled prices were last checked. */
export const PRICE_TABLE_DATE = '2026-12-02';

/** How a request reaches the model, where that changes the price: a `global.` profile, or anything else. */
export type PriceRouting = 'global' | 'regional';

/** Regions whose on-demand prices equal us-east-1's for the models below (Bedrock's US list prices). */
const US_REGIONS = ['us-east-1', 'us-east-2', 'us-west-2'];

interface PriceRow {
	model: string;
	regions: readonly string[];
	tier: ServiceTierName;
	/** Absent: the same price however the request is routed. */
	routing?: PriceRouting;
	prices: TokenPrices;
}

const row = (model: string, prices: TokenPrices, tier: ServiceTierName = 'default', regions: readonly string[] = US_REGIONS): PriceRow => ({ model, regions, tier, prices });

/** A model priced by routing: the global price, and in-region / geographic at 10 % more. */
function byRouting(model: string, global: TokenPrices): PriceRow[] {
	const more = (usd: number | undefined) => (usd === undefined ? undefined : Math.round(usd * 1.1 * 1e6) / 1e6);
	const regional: TokenPrices = { input: more(global.input) as number, output: more(global.output) as number };
	if (global.cacheRead !== undefined) regional.cacheRead = more(global.cacheRead);
	if (global.cacheWrite !== undefined) regional.cacheWrite = more(global.cacheWrite);
	return [
		{ ...row(model, global), routing: 'global' },
		{ ...row(model, regional), routing: 'regional' },
	];
}

export const PRICE_TABLE: readonly PriceRow[] = [
	row('anthropic.claude-3-haiku-20240307-v1:0', { input: 0.25, output: 1.25 }),
	row('anthropic.claude-3-5-haiku-20241022-v1:0', { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 }),
	row('anthropic.claude-3-7-sonnet-20250219-v1:0', { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }),
	row('anthropic.claude-sonnet-4-20250514-v1:0', { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }),
	row('anthropic.claude-opus-4-20250514-v1:0', { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 }),
	row('anthropic.claude-opus-4-1-20250805-v1:0', { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 }),
	...byRouting('anthropic.claude-sonnet-4-5-20250929-v1:0', { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }),
	...byRouting('anthropic.claude-haiku-4-5-20251001-v1:0', { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 }),
	...byRouting('anthropic.claude-opus-4-5-20251101-v1:0', { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 }),
	row('amazon.nova-micro-v1:0', { input: 0.035, output: 0.14, cacheRead: 0.00875, cacheWrite: 0 }),
	row('amazon.nova-lite-v1:0', { input: 0.06, output: 0.24, cacheRead: 0.015, cacheWrite: 0 }),
	row('amazon.nova-pro-v1:0', { input: 0.8, output: 3.2, cacheRead: 0.2, cacheWrite: 0 }),
	row('meta.llama3-70b-instruct-v1:0', { input: 2.65, output: 3.5 }),
];

/**
 * bedrockConnect.chat.prices: keys are a base model id, optionally with `@region` and/or
 * `#tier` (`anthropic.claude-sonnet-4-20250514-v1:0@eu-west-1#priority`); the most specific
 * key wins. Values are TokenPrices.
 */
export type PriceOverrides = Record<string, TokenPrices>;

export interface PriceQuery {
	baseModelId: string | undefined;
	region: string;
	tier: ServiceTierName;
	/** Absent: regional (what a foundation-model id, a geographic or an application profile costs). */
	routing?: PriceRouting;
}

/** `global.…` ids and ARNs of global profiles route worldwide; everything else is priced as regional. */
export function priceRoutingOf(modelId: string): PriceRouting {
	return /^(?:arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:inference-profile\/)?global\./.test(modelId.trim()) ? 'global' : 'regional';
}

export interface PriceFound {
	prices: TokenPrices;
	source: 'settings' | 'table';
}

export function findPrices(query: PriceQuery, overrides: PriceOverrides = {}): PriceFound | undefined {
	const { baseModelId, region, tier } = query;
	if (!baseModelId) return undefined;
	const keys = [`${baseModelId}@${region}#${tier}`, `${baseModelId}#${tier}`, ...(tier === 'default' ? [`${baseModelId}@${region}`, baseModelId] : [])];
	for (const key of keys) {
		const override = overrides[key];
		if (override) return { prices: override, source: 'settings' };
	}
	const routing = query.routing ?? 'regional';
	const found = PRICE_TABLE.find((r) => r.model === baseModelId && r.tier === tier && r.regions.includes(region) && (r.routing === undefined || r.routing === routing));
	return found ? { prices: found.prices, source: 'table' } : undefined;
}

const isPrice = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * The valid entries of a chat.prices value, and a sentence per entry that was ignored (shown
 * to the user, so a typo does not silently keep the bundled price).
 */
export function parsePriceOverrides(value: unknown): { overrides: PriceOverrides; problems: string[] } {
	const overrides: PriceOverrides = {};
	const problems: string[] = [];
	if (value === undefined || value === null) return { overrides, problems };
	if (typeof value !== 'object' || Array.isArray(value)) {
		return { overrides, problems: ['bedrockConnect.chat.prices must be an object of model id → { input, output, cacheRead?, cacheWrite? } (USD per million tokens).'] };
	}
	for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
		const e = entry as Partial<Record<keyof TokenPrices, unknown>> | null;
		const valid = typeof e === 'object' && e !== null && isPrice(e.input) && isPrice(e.output) &&
			(e.cacheRead === undefined || isPrice(e.cacheRead)) && (e.cacheWrite === undefined || isPrice(e.cacheWrite));
		if (!valid || key.trim() === '') {
			problems.push(`bedrockConnect.chat.prices["${key.slice(0, 100)}"] is ignored: it needs "input" and "output" (and optionally "cacheRead", "cacheWrite") as non-negative USD per million tokens.`);
			continue;
		}
		overrides[key.trim()] = {
			input: e.input as number,
			output: e.output as number,
			...(e.cacheRead !== undefined ? { cacheRead: e.cacheRead as number } : {}),
			...(e.cacheWrite !== undefined ? { cacheWrite: e.cacheWrite as number } : {}),
		};
	}
	return { overrides, problems };
}
