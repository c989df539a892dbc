import * as assert from 'node:assert/strict';
import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { embeddedStreamError, toStreamEvent } from '../../../../src/aws/bedrock/streamEvents';

describe('toStreamEvent', () => {
	const table: Array<[string, ConverseStreamOutput, ReturnType<typeof toStreamEvent>]> = [
		['a text delta', { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Hel' } } }, { type: 'text', text: 'Hel' }],
		['an empty text delta', { contentBlockDelta: { contentBlockIndex: 0, delta: { text: '' } } }, undefined],
		['a reasoning delta (not shown)', { contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { text: 'hmm' } } } }, undefined],
		['messageStart', { messageStart: { role: 'assistant' } }, undefined],
		['contentBlockStop', { contentBlockStop: { contentBlockIndex: 0 } }, undefined],
		['messageStop', { messageStop: { stopReason: 'max_tokens' } }, { type: 'stop', stopReason: 'max_tokens' }],
		[
			'metadata with usage and latency',
			{ metadata: { usage: { inputTokens: 12, outputTokens: 5, totalTokens: 17 }, metrics: { latencyMs: 250 } } },
			{ type: 'usage', usage: { inputTokens: 12, outputTokens: 5, totalTokens: 17 }, latencyMs: 250 },
		],
		[
			'metadata without totalTokens',
			{ metadata: { usage: { inputTokens: 2, outputTokens: 3 } as never, metrics: undefined as never } },
			{ type: 'usage', usage: { inputTokens: 2, outputTokens: 3, totalTokens: 5 } },
		],
	];
	for (const [what, output, expected] of table) {
		it(`maps ${what}`, () => assert.deepEqual(toStreamEvent(output), expected));
	}
});

describe('embeddedStreamError', () => {
	it('turns an exception member into an error named like the SDK names it', () => {
		const e = embeddedStreamError({ throttlingException: { message: 'Too many tokens' } as never });
		assert.equal(e?.name, 'ThrottlingException');
		assert.equal(e?.message, 'Too many tokens');
	});

	it('ignores ordinary events', () => {
		assert.equal(embeddedStreamError({ messageStart: { role: 'assistant' } }), undefined);
	});
});
