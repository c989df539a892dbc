// Guardrail, service tier and latency mode as Converse fields; a malformed guardrail stops the
// send; a refused tier, latency mode or guardrail is explained with the setting to change.
import * as assert from 'node:assert/strict';
import { controlFields, refusedGuardrailAdvice, unsupportedControlAdvice } from '../../../../src/aws/bedrock/enterpriseControls';
import { isBedrockConnectError } from '../../../../src/aws/errors';

describe('enterprise controls', () => {
	it('sends the guardrail with its trace enabled', () => {
		assert.deepEqual(controlFields({ guardrail: { identifier: 'gr0abc123', version: '2' } }), {
			guardrailConfig: { guardrailIdentifier: 'gr0abc123', guardrailVersion: '2', trace: 'enabled' },
		});
		assert.equal(controlFields({ guardrail: { identifier: 'arn:aws:bedrock:us-east-1:111111111111:guardrail/gr0abc123', version: 'DRAFT' } }).guardrailConfig?.guardrailVersion, 'DRAFT');
	});

	it('refuses to send with a malformed guardrail instead of dropping it', () => {
		for (const guardrail of [{ identifier: '', version: '1' }, { identifier: 'gr1', version: 'latest' }, { identifier: '<img src=x onerror=alert(1)>', version: '1' }, { version: '1' }]) {
			assert.throws(() => controlFields({ guardrail: guardrail as never }), (e) => isBedrockConnectError(e) && e.code === 'Validation' && /chat\.guardrail/.test(e.message) && !e.message.includes('<img'));
		}
	});

	it('sends a tier other than default and latency-optimized inference only when asked', () => {
		assert.deepEqual(controlFields({ serviceTier: 'flex', performance: 'optimized' }), { serviceTier: { type: 'flex' }, performanceConfig: { latency: 'optimized' } });
		assert.deepEqual(controlFields({ serviceTier: 'default', performance: 'standard' }), {});
	});

	it('explains a refused tier or latency mode, naming the settings', () => {
		const advice = unsupportedControlAdvice({ serviceTier: { type: 'priority' } }, 'amazon.nova-lite-v1:0');
		assert.match(advice?.message ?? '', /priority service tier .*amazon\.nova-lite-v1:0/);
		assert.match(advice?.action ?? '', /chat\.serviceTier/);
		assert.equal(unsupportedControlAdvice({}, 'm'), undefined);
		assert.equal(unsupportedControlAdvice({ serviceTier: { type: 'flex' } }, 'm', 'The guardrail identifier or version provided in the request does not exist.'), undefined, 'another refusal keeps its own words');
	});

	it('explains a guardrail Bedrock refused, naming it and the setting; other refusals keep their words', () => {
		const input = controlFields({ guardrail: { identifier: 'gr0abc123', version: '4' } });
		const advice = refusedGuardrailAdvice(input, 'The guardrail identifier or version provided in the request does not exist.');
		assert.match(advice?.message ?? '', /guardrail gr0abc123 \(version 4\) set in bedrockConnect\.chat\.guardrail/);
		assert.match(advice?.action ?? '', /bedrockConnect\.chat\.guardrail/);
		assert.equal(refusedGuardrailAdvice(input, 'Input is too long for requested model.'), undefined);
		assert.equal(refusedGuardrailAdvice({}, 'The guardrail identifier or version provided in the request does not exist.'), undefined, 'no guardrail asked for');
	});
});
