import * as assert from 'node:assert/strict';
import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { embeddedStreamError, toStreamEvent } from '../../../../src/aws/bedrock/streamEvents';

describe('toStreamEvent', () => {
	const table: Array<[string, ConverseStreamOutput, ReturnType<typeof toStreamEvent>]> = [
		['a text delta', { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Hel' } } }, { type: 'text', text: 'Hel' }],
		['an empty text delta', { contentBlockDelta: { contentBlockIndex: 0, delta: { text: '' } } }, undefined],
		['a reasoning text delta', { contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { text: 'hmm' } } } }, { type: 'reasoning', blockIndex: 0, text: 'hmm' }],
		['a reasoning signature', { contentBlockDelta: { contentBlockIndex: 2, delta: { reasoningContent: { signature: 'EqQB' } } } }, { type: 'reasoning', blockIndex: 2, signature: 'EqQB' }],
		[
			'redacted reasoning (bytes as base64)',
			{ contentBlockDelta: { contentBlockIndex: 1, delta: { reasoningContent: { redactedContent: new Uint8Array([1, 2, 255]) } } } },
			{ type: 'reasoning', blockIndex: 1, redactedContent: 'AQL/' },
		],
		[
			'metadata with prompt-cache tokens',
			{ metadata: { usage: { inputTokens: 3, outputTokens: 4, totalTokens: 1207, cacheReadInputTokens: 1200, cacheWriteInputTokens: 0 }, metrics: undefined as never } },
			{ type: 'usage', usage: { inputTokens: 3, outputTokens: 4, totalTokens: 1207, cacheReadInputTokens: 1200, cacheWriteInputTokens: 0 } },
		],
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
