// Reasoning across the Chat view's tool loops: signed reasoning remembered per reply by its tool-call
// ids (bounded, per model), put back before those calls, and the request sent without reasoning when
// the answered tool turn has none remembered or the tool choice is forced.
import * as assert from 'node:assert/strict';
import { toLmConverseInput } from '../../../../src/aws/bedrock/lmMessages';
import type { LmConverseRequest } from '../../../../src/aws/bedrock/lmTypes';
import { modelFamily } from '../../../../src/aws/bedrock/modelFamily';
import { REMEMBERED_REPLIES, ReasoningCollector, ReasoningMemory, toolLoopReasoning } from '../../../../src/aws/bedrock/toolReasoning';

const SONNET = 'anthropic.claude-sonnet-4-20250514-v1:0';
const SONNET_4 = modelFamily(SONNET);
const NOVA_2 = modelFamily('amazon.nova-2-lite-v1:0');
const SIGNED = { text: 'I should call the weather tool.', signature: 'c2lnbmVk' };

function loop(toolMode: LmConverseRequest['toolMode'] = 'auto'): LmConverseRequest {
	return {
		modelId: `us.${SONNET}`,
		toolMode,
		tools: [{ name: 'get_weather', description: 'Weather' }],
		messages: [
			{ role: 'user', parts: [{ kind: 'text', text: 'Weather in Paris?' }] },
			{ role: 'assistant', parts: [{ kind: 'text', text: 'Checking.' }, { kind: 'toolCall', callId: 'tooluse_1', name: 'get_weather', input: {} }] },
			{ role: 'user', parts: [{ kind: 'toolResult', callId: 'tooluse_1', content: [{ kind: 'text', text: '18°C' }] }] },
		],
	};
}

describe('tool-loop reasoning', () => {
	it('puts the remembered signed reasoning first in the assistant turn whose tool calls are answered', () => {
		const memory = new ReasoningMemory();
		memory.remember(SONNET, ['tooluse_1'], [SIGNED]);
		const plain = toLmConverseInput(loop()).input;
		const result = toolLoopReasoning(plain, { level: 'low', family: SONNET_4, model: SONNET, memory });
		assert.equal(result.level, 'low');
		assert.equal(result.leftOff, undefined);
		const content = result.input.messages?.[1]?.content ?? [];
		assert.deepEqual(content[0], { reasoningContent: { reasoningText: { text: SIGNED.text, signature: SIGNED.signature } } });
		assert.deepEqual(content[1], { text: 'Checking.' });
		assert.equal(content[2]?.toolUse?.toolUseId, 'tooluse_1');
		assert.equal(plain.messages?.[1]?.content?.length, 2, 'the plain input is not changed');
	});

	it('sends the request without reasoning when the answered tool calls have none remembered (a reload, or another model)', () => {
		const memory = new ReasoningMemory();
		memory.remember('anthropic.claude-opus-4-1-20250805-v1:0', ['tooluse_1'], [SIGNED]);
		const plain = toLmConverseInput(loop()).input;
		const result = toolLoopReasoning(plain, { level: 'high', family: SONNET_4, model: SONNET, memory });
		assert.equal(result.level, 'off');
		assert.match(result.leftOff ?? '', /no remembered reasoning/);
		assert.equal(result.input, plain, 'nothing put back');
	});

	it('a family that does not require it keeps reasoning on without remembered blocks', () => {
		const plain = toLmConverseInput({ ...loop(), modelId: 'us.amazon.nova-2-lite-v1:0' }).input;
		const result = toolLoopReasoning(plain, { level: 'low', family: NOVA_2, model: 'amazon.nova-2-lite-v1:0', memory: new ReasoningMemory() });
		assert.equal(result.level, 'low');
	});

	it('Claude thinks on a new question, but not when the tool choice is forced (Claude refuses that)', () => {
		const question = toLmConverseInput({ ...loop(), messages: [{ role: 'user', parts: [{ kind: 'text', text: 'hi' }] }] }).input;
		assert.equal(toolLoopReasoning(question, { level: 'low', family: SONNET_4, model: SONNET, memory: new ReasoningMemory() }).level, 'low');
		const forced = toLmConverseInput({ ...loop('required'), messages: [{ role: 'user', parts: [{ kind: 'text', text: 'hi' }] }] }).input;
		const result = toolLoopReasoning(forced, { level: 'low', family: SONNET_4, model: SONNET, memory: new ReasoningMemory() });
		assert.equal(result.level, 'off');
		assert.match(result.leftOff ?? '', /forces a tool call/);
	});

	it('remembers only signed or redacted reasoning of replies that called tools, and forgets the oldest beyond its limit', () => {
		const memory = new ReasoningMemory(2);
		memory.remember(SONNET, [], [SIGNED]);
		memory.remember(SONNET, ['unsigned'], [{ text: 'no signature' }]);
		assert.equal(memory.size, 0);
		memory.remember(SONNET, ['a1', 'a2'], [SIGNED]);
		memory.remember(SONNET, ['b'], [SIGNED]);
		memory.remember(SONNET, ['c'], [{ text: '', redactedContent: 'AAEC' }]);
		assert.equal(memory.size, 2);
		assert.equal(memory.recall(SONNET, 'a1'), undefined);
		assert.equal(memory.recall(SONNET, 'a2'), undefined);
		assert.deepEqual(memory.recall(SONNET, 'b'), [SIGNED]);
		assert.deepEqual(memory.recall(SONNET, 'c'), [{ text: '', redactedContent: 'AAEC' }]);
		assert.equal(memory.recall('amazon.nova-2-lite-v1:0', 'b'), undefined, 'another model\'s reasoning is not sent');
		assert.equal(REMEMBERED_REPLIES, 200, 'the README says the last 200 replies');
	});

	it('assembles reasoning parts from stream events: text pieces, the signature, redacted bytes joined as bytes', () => {
		const collector = new ReasoningCollector();
		collector.add({ type: 'reasoning', blockIndex: 0, text: 'First ' });
		collector.add({ type: 'reasoning', blockIndex: 0, text: 'think.' });
		collector.add({ type: 'reasoning', blockIndex: 0, signature: 'c2ln' });
		collector.add({ type: 'reasoning', blockIndex: 1, redactedContent: Buffer.from([1, 2]).toString('base64') });
		collector.add({ type: 'reasoning', blockIndex: 1, redactedContent: Buffer.from([3]).toString('base64') });
		assert.deepEqual(collector.parts(), [
			{ text: 'First think.', signature: 'c2ln' },
			{ text: '', redactedContent: Buffer.from([1, 2, 3]).toString('base64') },
		]);
	});
});
