// Guardrails and service options through the real BedrockRuntimeClient: an intervention on the
// input or the output answers the blocked message with stopReason guardrail_intervened and the
// trace in metadata; serviceTier and performanceConfig are echoed where the model offers them.
import assert from 'node:assert/strict';
import {
	BedrockRuntimeClient,
	ConverseCommand,
	type ConverseCommandInput,
	ConverseStreamCommand,
	type ConverseStreamMetadataEvent,
	type ConverseStreamOutput,
	type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { useEmulator } from './support';

const SONNET = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const NOVA = 'amazon.nova-lite-v1:0';
const HOSTILE = '<img src=x onerror="alert(1)"> Blocked by policy [link](javascript:alert(2))';

function says(text: string): Message[] {
	return [{ role: 'user', content: [{ text }] }];
}

async function collect(output: AsyncIterable<ConverseStreamOutput> | undefined) {
	const events: ConverseStreamOutput[] = [];
	for await (const event of output ?? []) {
		events.push(event);
	}
	return events;
}

describe('emulator: Bedrock Runtime guardrails and service tiers', function () {
	const harness = useEmulator();

	function runtime() {
		return new BedrockRuntimeClient({ credentials: harness.emulator.control.createAccessKey(), maxAttempts: 1 });
	}

	function converse(input: Partial<ConverseCommandInput>) {
		return runtime().send(new ConverseCommand({ modelId: SONNET, messages: says('Tell me about the weather'), ...input }));
	}

	describe('guardrails', () => {
		it('blocks an input with a blocked word: the blocked message, guardrail_intervened, no tokens, and the trace in stream metadata', async () => {
			const guardrail = harness.emulator.control.createGuardrail({ blockedWords: ['Project Zeus'], blockedInputMessaging: HOSTILE });
			const response = await runtime().send(
				new ConverseStreamCommand({
					modelId: SONNET,
					messages: says('What is project zeus?'),
					guardrailConfig: { guardrailIdentifier: guardrail.guardrailIdentifier, guardrailVersion: guardrail.guardrailVersion, trace: 'enabled' },
				}),
			);
			const events = await collect(response.stream);
			assert.equal(events.map((event) => event.contentBlockDelta?.delta?.text ?? '').join(''), HOSTILE);
			assert.ok(events.some((event) => event.messageStop?.stopReason === 'guardrail_intervened'));
			const metadata = events[events.length - 1].metadata as ConverseStreamMetadataEvent;
			assert.deepEqual(metadata.usage, { inputTokens: 0, outputTokens: 0, totalTokens: 0 });
			const assessment = metadata.trace?.guardrail?.inputAssessment?.[guardrail.guardrailIdentifier];
			assert.deepEqual(assessment?.wordPolicy?.customWords, [{ match: 'project zeus', action: 'BLOCKED', detected: true }]);
			assert.equal(metadata.trace?.guardrail?.actionReason, 'Guardrail blocked the input.');
		});

		it('blocks an answer when scripted (or when it has a blocked word), with the output assessment and model output in the trace', async () => {
			const { control } = harness.emulator;
			const guardrail = control.createGuardrail({ blockedOutputsMessaging: 'That answer was withheld.' });
			control.setNextReplies([{ text: 'A secret answer.', guardrail: 'output' }]);
			const reply = await converse({ guardrailConfig: { guardrailIdentifier: guardrail.guardrailArn, guardrailVersion: '1', trace: 'enabled' } });
			assert.equal(reply.stopReason, 'guardrail_intervened');
			assert.deepEqual(reply.output?.message?.content, [{ text: 'That answer was withheld.' }]);
			assert.deepEqual(reply.trace?.guardrail?.modelOutput, ['A secret answer.']);
			assert.equal(reply.trace?.guardrail?.outputAssessments?.[guardrail.guardrailIdentifier]?.[0]?.wordPolicy?.customWords?.[0]?.detected, true);
			assert.ok((reply.usage?.outputTokens ?? 0) > 0, 'the model ran');

			const words = control.createGuardrail({ blockedWords: ['secret'] });
			control.setNextReplies(['A secret answer.']);
			const byWord = await converse({ guardrailConfig: { guardrailIdentifier: words.guardrailIdentifier, guardrailVersion: '1' } });
			assert.equal(byWord.stopReason, 'guardrail_intervened');
			assert.deepEqual(byWord.output?.message?.content, [{ text: 'Sorry, the model cannot answer this question.' }]);
		});

		it('answers normally through a guardrail that does not intervene; no trace when trace is off', async () => {
			const guardrail = harness.emulator.control.createGuardrail({ blockedWords: ['forbidden'] });
			const traced = await converse({ guardrailConfig: { guardrailIdentifier: guardrail.guardrailIdentifier, guardrailVersion: 'DRAFT', trace: 'enabled' } });
			assert.equal(traced.stopReason, 'end_turn');
			assert.ok(traced.trace?.guardrail?.inputAssessment?.[guardrail.guardrailIdentifier]?.invocationMetrics);
			assert.equal(traced.trace?.guardrail?.inputAssessment?.[guardrail.guardrailIdentifier]?.wordPolicy, undefined);
			const untraced = await converse({
				messages: says('forbidden words'),
				guardrailConfig: { guardrailIdentifier: guardrail.guardrailIdentifier, guardrailVersion: '1' },
			});
			assert.equal(untraced.stopReason, 'guardrail_intervened');
			assert.equal(untraced.trace, undefined);
		});

		it('refuses an unknown guardrail or version, and a bad trace value', async () => {
			const guardrail = harness.emulator.control.createGuardrail();
			for (const config of [
				{ guardrailIdentifier: 'nosuchguard1', guardrailVersion: '1' },
				{ guardrailIdentifier: guardrail.guardrailIdentifier, guardrailVersion: '7' },
			]) {
				await assert.rejects(converse({ guardrailConfig: config }), {
					name: 'ValidationException',
					message: 'The guardrail identifier or version provided in the request does not exist.',
				});
			}
			await assert.rejects(converse({ guardrailConfig: { ...guardrail, trace: 'verbose' as 'enabled' } }), { message: /at 'guardrailConfig.trace' failed to satisfy constraint/ });
		});
	});

	describe('service tiers and latency', () => {
		it('echoes a tier the model offers and refuses one it does not, as Bedrock does', async () => {
			const flex = await converse({ modelId: NOVA, serviceTier: { type: 'flex' } });
			assert.deepEqual(flex.serviceTier, { type: 'flex' });
			const response = await runtime().send(new ConverseStreamCommand({ modelId: SONNET, messages: says('hi'), serviceTier: { type: 'priority' } }));
			const events = await collect(response.stream);
			assert.deepEqual(events[events.length - 1].metadata?.serviceTier, { type: 'priority' });
			assert.deepEqual((await converse({ serviceTier: { type: 'default' } })).serviceTier, { type: 'default' });
			await assert.rejects(converse({ serviceTier: { type: 'flex' } }), { name: 'ValidationException', message: 'The provided service tier is not supported for this model.' });
			await assert.rejects(converse({ serviceTier: { type: 'reserved' } }), { message: 'Reservation not found.' });
			await assert.rejects(converse({ serviceTier: { type: 'cheapest' as 'flex' } }), { message: 'service tier provided is invalid' });
			assert.equal((await converse({})).serviceTier, undefined, 'no tier asked, none echoed');
		});

		it('echoes latency-optimized serving where the model offers it, and refuses it elsewhere or with cache points', async () => {
			const haiku = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
			assert.deepEqual((await converse({ modelId: haiku, performanceConfig: { latency: 'optimized' } })).performanceConfig, { latency: 'optimized' });
			assert.deepEqual((await converse({ performanceConfig: { latency: 'standard' } })).performanceConfig, { latency: 'standard' });
			await assert.rejects(converse({ performanceConfig: { latency: 'optimized' } }), { message: "The provided model doesn't support latency-optimized inference." });
			await assert.rejects(converse({ performanceConfig: { latency: 'turbo' as 'optimized' } }), {
				message: "1 validation error detected: Value 'turbo' at 'performanceConfig.latency' failed to satisfy constraint: Member must satisfy enum value set: [optimized, standard]",
			});
			await assert.rejects(converse({ modelId: haiku, performanceConfig: { latency: 'optimized' }, system: [{ text: 'Be brief.' }, { cachePoint: { type: 'default' } }] }), {
				message: 'The model returned the following errors: system.0.cache_control: Extra inputs are not permitted',
			});
		});
	});
});
