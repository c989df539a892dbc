// Cost from usage and the price of the model in its region and tier: the bundled table, the
// user's overrides (most specific key first), and "unknown" whenever a needed price is missing.
import * as assert from 'node:assert/strict';
import { findPrices, parsePriceOverrides, priceRoutingOf, PRICE_TABLE_DATE } from '../../../../src/aws/bedrock/priceTable';
import { priceQueryFor, replyCost } from '../../../../src/aws/bedrock/replyCost';

const SONNET = 'anthropic.claude-sonnet-4-20250514-v1:0';
const usage = (extra = {}) => ({ inputTokens: 1_000_000, outputTokens: 100_000, totalTokens: 1_100_000, ...extra });

describe('reply cost', () => {
	it('prices input and output from the bundled table, dated', () => {
		const cost = replyCost(usage(), { baseModelId: SONNET, region: 'us-east-1', tier: 'default' });
		assert.deepEqual(cost, { known: true, usd: 3 + 1.5, source: 'table', asOf: PRICE_TABLE_DATE });
	});

	it('prices prompt-cache reads and writes at their own rates', () => {
		const cost = replyCost(usage({ cacheReadInputTokens: 1_000_000, cacheWriteInputTokens: 1_000_000 }), { baseModelId: SONNET, region: 'us-west-2', tier: 'default' });
		assert.equal(cost.known && Math.round(cost.usd * 1000) / 1000, 3 + 1.5 + 0.3 + 3.75);
	});

	it('says unknown for a region, tier or model not in the table, naming the setting to fix it', () => {
		for (const query of [
			{ baseModelId: SONNET, region: 'eu-central-2', tier: 'default' as const },
			{ baseModelId: SONNET, region: 'us-east-1', tier: 'flex' as const },
			{ baseModelId: 'mistral.unknown-v9', region: 'us-east-1', tier: 'default' as const },
			{ baseModelId: undefined, region: 'us-east-1', tier: 'default' as const },
		]) {
			const cost = replyCost(usage(), query);
			assert.equal(cost.known, false, JSON.stringify(query));
			assert.match(cost.known ? '' : cost.reason, /bedrockConnect\.chat\.prices/);
		}
	});

	it('prices Claude 4.5 through a global profile 10 % below in-region and geographic routing', () => {
		const SONNET_45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
		const perMillion = { inputTokens: 1_000_000, outputTokens: 1_000_000, totalTokens: 2_000_000, cacheReadInputTokens: 1_000_000, cacheWriteInputTokens: 1_000_000 };
		const at = (modelId: string) => replyCost(perMillion, priceQueryFor({ modelId }, SONNET_45, 'us-east-1'));
		const usd = (cost: ReturnType<typeof replyCost>) => (cost.known ? Math.round(cost.usd * 1e6) / 1e6 : NaN);
		assert.equal(usd(at(`global.${SONNET_45}`)), 3 + 15 + 0.3 + 3.75);
		assert.equal(usd(at(`us.${SONNET_45}`)), 3.3 + 16.5 + 0.33 + 4.125);
		assert.equal(usd(at(SONNET_45)), 3.3 + 16.5 + 0.33 + 4.125);
		assert.equal(usd(at(`arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.${SONNET_45}`)), 3 + 15 + 0.3 + 3.75);
		// Models before 4.5 cost the same however they are routed.
		assert.equal(usd(replyCost(perMillion, { baseModelId: SONNET, region: 'us-east-1', tier: 'default', routing: 'global' })), 3 + 15 + 0.3 + 3.75);
	});

	it('prices a request by its base model, region, tier and routing', () => {
		assert.deepEqual(priceQueryFor({ modelId: 'global.x', serviceTier: 'flex' }, 'x', 'eu-west-1'), { baseModelId: 'x', region: 'eu-west-1', tier: 'flex', routing: 'global' });
		assert.deepEqual(priceQueryFor({ modelId: 'us.x' }, 'x', 'us-east-1'), { baseModelId: 'x', region: 'us-east-1', tier: 'default', routing: 'regional' });
	});

	it('reads the routing from the model id', () => {
		assert.equal(priceRoutingOf('global.anthropic.claude-haiku-4-5-20251001-v1:0'), 'global');
		assert.equal(priceRoutingOf(' global.x '), 'global');
		for (const id of ['eu.anthropic.claude-haiku-4-5-20251001-v1:0', 'anthropic.claude-haiku-4-5-20251001-v1:0', 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc', 'globalx.y']) {
			assert.equal(priceRoutingOf(id), 'regional', id);
		}
	});

	it('says unknown when cache tokens were used but the model has no cache price', () => {
		const cost = replyCost(usage({ cacheReadInputTokens: 10 }), { baseModelId: 'anthropic.claude-3-haiku-20240307-v1:0', region: 'us-east-1', tier: 'default' });
		assert.equal(cost.known, false);
	});

	it('lets settings override the table, the most specific key first', () => {
		const { overrides } = parsePriceOverrides({
			[SONNET]: { input: 1, output: 1 },
			[`${SONNET}@eu-west-1`]: { input: 2, output: 2 },
			[`${SONNET}@eu-west-1#priority`]: { input: 5, output: 5 },
		});
		assert.deepEqual(findPrices({ baseModelId: SONNET, region: 'us-east-1', tier: 'default' }, overrides), { prices: { input: 1, output: 1 }, source: 'settings' });
		assert.deepEqual(findPrices({ baseModelId: SONNET, region: 'eu-west-1', tier: 'default' }, overrides)?.prices, { input: 2, output: 2 });
		assert.deepEqual(findPrices({ baseModelId: SONNET, region: 'eu-west-1', tier: 'priority' }, overrides)?.prices, { input: 5, output: 5 });
		assert.equal(findPrices({ baseModelId: SONNET, region: 'eu-west-1', tier: 'flex' }, overrides), undefined, 'a default-tier price is not used for another tier');
		const cost = replyCost(usage(), { baseModelId: SONNET, region: 'eu-west-1', tier: 'priority' }, overrides);
		assert.deepEqual(cost, { known: true, usd: 5 + 0.5, source: 'settings', asOf: 'your settings' });
	});

	it('keeps the valid overrides and names each ignored one', () => {
		const { overrides, problems } = parsePriceOverrides({ good: { input: 1, output: 2, cacheRead: 0.1 }, bad: { input: -1, output: 2 }, worse: 'cheap' });
		assert.deepEqual(overrides, { good: { input: 1, output: 2, cacheRead: 0.1 } });
		assert.equal(problems.length, 2);
		assert.match(problems[0] ?? '', /\["bad"\] is ignored/);
		assert.deepEqual(parsePriceOverrides([1]).problems.length, 1);
		assert.deepEqual(parsePriceOverrides(undefined), { overrides: {}, problems: [] });
	});
});

describe('the price table date in the README', () => {
	it('is the bundled table’s date', async () => {
		const { readFileSync } = await import('node:fs');
		const readme = readFileSync(require.resolve('../../../../README.md'), 'utf8');
		assert.match(readme, new RegExp(`price table dated ${PRICE_TABLE_DATE}`));
	});
});
