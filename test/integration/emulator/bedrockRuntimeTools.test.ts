// Tool use through the real BedrockRuntimeClient: scripted and forced tool calls streamed as
// contentBlockStart + toolUse input deltas with stopReason tool_use, tool-result round trips,
// and Bedrock's validation of tool turns.
import assert from 'node:assert/strict';
import {
	BedrockRuntimeClient,
	ConverseCommand,
	ConverseStreamCommand,
	type ConverseStreamCommandInput,
	type ConverseStreamOutput,
	type Message,
	type Tool,
	type ToolConfiguration,
} from '@aws-sdk/client-bedrock-runtime';
import { useEmulator } from './support';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

const WEATHER_TOOLS: ToolConfiguration = {
	tools: [
		{
			toolSpec: {
				name: 'get_weather',
				description: 'Current weather in a city',
				inputSchema: {
					json: {
						type: 'object',
						properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] }, days: { type: 'integer' } },
						required: ['city', 'unit'],
					},
				},
			},
		},
		{ toolSpec: { name: 'get_time', inputSchema: { json: { type: 'object', properties: {} } } } },
	],
};

async function collect(output: AsyncIterable<ConverseStreamOutput> | undefined) {
	const events: ConverseStreamOutput[] = [];
	for await (const event of output ?? []) {
		events.push(event);
	}
	return events;
}

/** Tool calls reassembled from a stream the way a client must: start, then input fragments. */
function toolCallsOf(events: ConverseStreamOutput[]) {
	const calls = new Map<number, { toolUseId?: string; name?: string; json: string }>();
	for (const event of events) {
		const start = event.contentBlockStart;
		if (start?.start?.toolUse) {
			calls.set(start.contentBlockIndex ?? -1, { toolUseId: start.start.toolUse.toolUseId, name: start.start.toolUse.name, json: '' });
		}
		const delta = event.contentBlockDelta;
		if (delta?.delta?.toolUse) {
			const call = calls.get(delta.contentBlockIndex ?? -1);
			assert.ok(call, 'an input delta arrives only after its contentBlockStart');
			call.json += delta.delta.toolUse.input ?? '';
		}
	}
	return [...calls.values()].map((call) => ({ toolUseId: call.toolUseId, name: call.name, input: JSON.parse(call.json) as unknown }));
}

function textOf(events: ConverseStreamOutput[]): string {
	return events.map((event) => event.contentBlockDelta?.delta?.text ?? '').join('');
}

describe('emulator: Bedrock Runtime tool use', function () {
	const harness = useEmulator({ streamChunkChars: 7 });

	function runtime() {
		return new BedrockRuntimeClient({ credentials: harness.emulator.control.createAccessKey(), maxAttempts: 1 });
	}

	async function stream(input: Partial<ConverseStreamCommandInput>) {
		const response = await runtime().send(
			new ConverseStreamCommand({ modelId: HAIKU, messages: [{ role: 'user', content: [{ text: 'Weather in Paris?' }] }], toolConfig: WEATHER_TOOLS, ...input }),
		);
		return collect(response.stream);
	}

	it('streams a scripted tool call after the text: contentBlockStart, input fragments, stop, stopReason tool_use', async () => {
		harness.emulator.control.setNextReplies([
			{ text: 'Let me check.', toolUses: [{ name: 'get_weather', input: { city: 'Paris', unit: 'celsius' }, toolUseId: 'tooluse_paris' }] },
		]);
		const events = await stream({});
		assert.equal(textOf(events), 'Let me check.');
		assert.deepEqual(toolCallsOf(events), [{ toolUseId: 'tooluse_paris', name: 'get_weather', input: { city: 'Paris', unit: 'celsius' } }]);
		const start = events.findIndex((event) => event.contentBlockStart);
		assert.equal(events[start].contentBlockStart?.contentBlockIndex, 1, 'the text is block 0, the call block 1');
		assert.ok(events.slice(0, start).some((event) => event.contentBlockStop?.contentBlockIndex === 0), 'the text block stops before the call starts');
		const fragments = events.filter((event) => event.contentBlockDelta?.delta?.toolUse);
		assert.ok(fragments.length > 1, 'the input arrives in several JSON fragments');
		assert.ok(fragments.every((event) => event.contentBlockDelta?.contentBlockIndex === 1));
		const tail = events.slice(-3);
		assert.deepEqual(tail[0], { contentBlockStop: { contentBlockIndex: 1 } });
		assert.deepEqual(tail[1], { messageStop: { stopReason: 'tool_use' } });
		assert.ok((tail[2].metadata?.usage?.outputTokens ?? 0) >= fragments.length);
	});

	it('calls the tool toolChoice names, or the first tool for any, with input satisfying its schema; auto without a script answers text', async () => {
		const forced = toolCallsOf(await stream({ toolConfig: { ...WEATHER_TOOLS, toolChoice: { tool: { name: 'get_weather' } } } }));
		assert.equal(forced.length, 1);
		assert.equal(forced[0].name, 'get_weather');
		assert.deepEqual(forced[0].input, { city: 'example', unit: 'celsius' });
		assert.match(forced[0].toolUseId ?? '', /^tooluse_[A-Za-z0-9_-]{22}$/);

		const any = toolCallsOf(await stream({ toolConfig: { ...WEATHER_TOOLS, toolChoice: { any: {} } } }));
		assert.deepEqual(
			any.map((call) => call.name),
			['get_weather'],
		);
		const auto = await stream({ toolConfig: { ...WEATHER_TOOLS, toolChoice: { auto: {} } } });
		assert.deepEqual(toolCallsOf(auto), []);
		assert.ok(auto.some((event) => event.messageStop?.stopReason === 'end_turn'));
	});

	it('completes a round trip: the toolUse turn and its toolResult turn are accepted and the answer quotes the result', async () => {
		harness.emulator.control.setNextReplies([{ toolUses: [{ name: 'get_weather', input: { city: 'Paris', unit: 'celsius' } }, { name: 'get_time' }] }]);
		const first = await runtime().send(
			new ConverseCommand({ modelId: HAIKU, messages: [{ role: 'user', content: [{ text: 'Weather and time in Paris?' }] }], toolConfig: WEATHER_TOOLS }),
		);
		assert.equal(first.stopReason, 'tool_use');
		const assistant = first.output?.message as Message;
		const uses = (assistant.content ?? []).flatMap((block) => (block.toolUse ? [block.toolUse] : []));
		assert.deepEqual(
			uses.map((use) => [use.name, use.input]),
			[
				['get_weather', { city: 'Paris', unit: 'celsius' }],
				['get_time', {}],
			],
		);
		assert.ok(!(assistant.content ?? []).some((block) => block.text !== undefined), 'no empty text block beside the calls');

		const results: Message = {
			role: 'user',
			content: [
				{ toolResult: { toolUseId: uses[0].toolUseId, content: [{ text: '22 °C, sunny' }], status: 'success' } },
				{ toolResult: { toolUseId: uses[1].toolUseId, content: [{ json: { time: '14:05' } }] } },
			],
		};
		const events = await stream({ messages: [{ role: 'user', content: [{ text: 'Weather and time in Paris?' }] }, assistant, results] });
		assert.equal(textOf(events), 'Tool get_weather returned: 22 °C, sunny\n\nTool get_time returned: {"time":"14:05"}');
		assert.ok(events.some((event) => event.messageStop?.stopReason === 'end_turn'));
	});

	it('refuses tool turns the way Bedrock does', async () => {
		const question: Message = { role: 'user', content: [{ text: 'Weather?' }] };
		const call: Message = { role: 'assistant', content: [{ toolUse: { toolUseId: 'tooluse_a', name: 'get_weather', input: { city: 'Oslo' } } }] };
		const answer: Message = { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_a', content: [{ text: 'cold' }] } }] };

		await assert.rejects(stream({ messages: [question, call, answer], toolConfig: undefined }), {
			name: 'ValidationException',
			message: 'The toolConfig field must be defined when using toolUse and toolResult content blocks.',
		});
		const extra: Message = { role: 'user', content: [...(answer.content ?? []), { toolResult: { toolUseId: 'tooluse_b', content: [{ text: 'x' }] } }] };
		await assert.rejects(stream({ messages: [question, call, extra] }), {
			name: 'ValidationException',
			message: 'The number of toolResult blocks at messages.2.content exceeds the number of toolUse blocks of previous turn.',
		});
		const unanswered: Message = { role: 'user', content: [{ text: 'never mind' }] };
		await assert.rejects(stream({ messages: [question, call, unanswered] }), {
			name: 'ValidationException',
			message: 'Expected toolResult blocks at messages.2.content for the following Ids: tooluse_a',
		});
		const wrongId: Message = { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_z', content: [{ text: 'cold' }] } }] };
		await assert.rejects(stream({ messages: [question, call, wrongId] }), { message: 'Expected toolResult blocks at messages.2.content for the following Ids: tooluse_a' });
		await assert.rejects(stream({ messages: [answer] }), {
			message: 'The number of toolResult blocks at messages.0.content exceeds the number of toolUse blocks of previous turn.',
		});
		await assert.rejects(stream({ toolConfig: { tools: [] } }), { name: 'ValidationException', message: /at 'toolConfig.tools' failed to satisfy constraint/ });
		await assert.rejects(stream({ toolConfig: { tools: [{ toolSpec: { name: 'bad name', inputSchema: { json: {} } } }] } }), {
			message: /Value 'bad name' at 'toolConfig.tools.1.member.toolSpec.name'/,
		});
		const failedEmpty: Message = { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_a', content: [], status: 'error' } }] };
		await assert.rejects(stream({ messages: [question, call, failedEmpty] }), {
			message: 'The content field at messages.2.content.0.toolResult cannot be empty when status value is error.',
		});
		const spec = WEATHER_TOOLS.tools?.[0] as Tool;
		await assert.rejects(stream({ toolConfig: { tools: [spec, spec] } }), { message: 'The model returned the following errors: tools: Tool names must be unique.' });
		assert.ok(toolCallsOf(await stream({ messages: [question, call, answer] })).length === 0, 'the valid history is answered');
	});

	it('cuts a tool call at maxTokens with stopReason max_tokens, and serves a call broken off by a stream fault again', async () => {
		const { control } = harness.emulator;
		const script = { toolUses: [{ name: 'get_weather', input: { city: 'Reykjavik, Iceland', unit: 'celsius' } }] };
		control.setNextReplies([script]);
		const cut = await stream({ inferenceConfig: { maxTokens: 2 } });
		assert.equal(cut.filter((event) => event.contentBlockDelta).length, 2);
		assert.ok(cut.some((event) => event.messageStop?.stopReason === 'max_tokens'));

		control.setNextReplies([script]);
		control.streamException('throttlingException', 1, 2);
		await assert.rejects(stream({}), { name: 'ThrottlingException' });
		assert.deepEqual(
			toolCallsOf(await stream({})).map((call) => call.input),
			[{ city: 'Reykjavik, Iceland', unit: 'celsius' }],
		);
	});

	it('counts the tool definitions and tool turns in usage.inputTokens', async () => {
		const plain = await runtime().send(new ConverseCommand({ modelId: HAIKU, messages: [{ role: 'user', content: [{ text: 'Weather in Paris?' }] }] }));
		const withTools = await runtime().send(
			new ConverseCommand({ modelId: HAIKU, messages: [{ role: 'user', content: [{ text: 'Weather in Paris?' }] }], toolConfig: WEATHER_TOOLS }),
		);
		assert.equal(plain.usage?.inputTokens, 3);
		assert.ok((withTools.usage?.inputTokens ?? 0) > 3 + 10, 'the schemas count');
	});
});
