// Tool calls streamed by ConverseStream: a contentBlockStart names the tool, toolUse.input
// deltas carry its JSON in pieces, contentBlockStop completes it; text passes through.
import assert from 'node:assert/strict';
import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { isBedrockConnectError } from '../../../../src/aws/errors';
import { ToolStreamAssembler } from '../../../../src/aws/bedrock/toolStream';

const start = (index: number, toolUseId: string, name: string) => ({ contentBlockStart: { contentBlockIndex: index, start: { toolUse: { toolUseId, name } } } }) as ConverseStreamOutput;
const input = (index: number, piece: string) => ({ contentBlockDelta: { contentBlockIndex: index, delta: { toolUse: { input: piece } } } }) as ConverseStreamOutput;
const stop = (index: number) => ({ contentBlockStop: { contentBlockIndex: index } }) as ConverseStreamOutput;
const text = (index: number, t: string) => ({ contentBlockDelta: { contentBlockIndex: index, delta: { text: t } } }) as ConverseStreamOutput;

describe('ToolStreamAssembler', () => {
	it('streams text, then one complete tool call per tool block, named as the caller knows it', () => {
		const assembler = new ToolStreamAssembler(new Map([['mcp_read', 'mcp.read']]));
		const events = [
			text(0, 'Checking'),
			stop(0),
			start(1, 'tooluse_1', 'mcp_read'),
			input(1, '{"path":'),
			input(1, '"a.ts"}'),
			stop(1),
			start(2, 'tooluse_2', 'other'),
			stop(2),
			{ messageStop: { stopReason: 'tool_use' } } as ConverseStreamOutput,
		].map((o) => assembler.map(o));
		assert.deepEqual(
			events.filter((e) => e !== undefined),
			[
				{ type: 'text', text: 'Checking' },
				{ type: 'toolCall', callId: 'tooluse_1', name: 'mcp.read', input: { path: 'a.ts' } },
				{ type: 'toolCall', callId: 'tooluse_2', name: 'other', input: {} },
				{ type: 'stop', stopReason: 'tool_use' },
			],
		);
	});

	it('fails clearly when the tool input is not JSON, and wraps a non-object input', () => {
		const assembler = new ToolStreamAssembler(new Map());
		assembler.map(start(0, 't', 'get_weather'));
		assembler.map(input(0, '{"city": "Par'));
		assert.throws(() => assembler.map(stop(0)), (e: unknown) => isBedrockConnectError(e) && e.code === 'ServiceError' && /get_weather.*not valid JSON/.test(e.message));
		assembler.map(start(1, 'u', 'count'));
		assembler.map(input(1, '[1,2]'));
		assert.deepEqual(assembler.map(stop(1)), { type: 'toolCall', callId: 'u', name: 'count', input: { value: [1, 2] } });
	});
});
