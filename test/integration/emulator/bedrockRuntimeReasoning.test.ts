// Reasoning through the real BedrockRuntimeClient: `thinking` in additionalModelRequestFields
// streams reasoningContent text then its signature before the answer; the next turn must send the
// block back unchanged; redacted reasoning; and the checks Anthropic models make.
import assert from 'node:assert/strict';
import {
	BedrockRuntimeClient,
	type ContentBlock,
	ConverseCommand,
	type ConverseCommandInput,
	ConverseStreamCommand,
	type ConverseStreamOutput,
	type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { useEmulator } from './support';

const SONNET = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const THINKING = { thinking: { type: 'enabled', budget_tokens: 2048 } };
const QUESTION: Message = { role: 'user', content: [{ text: 'Why is the sky blue?' }] };

async function collect(output: AsyncIterable<ConverseStreamOutput> | undefined) {
	const events: ConverseStreamOutput[] = [];
	for await (const event of output ?? []) {
		events.push(event);
	}
	return events;
}

describe('emulator: Bedrock Runtime reasoning', function () {
	const harness = useEmulator({ streamChunkChars: 9 });

	function runtime() {
		return new BedrockRuntimeClient({ credentials: harness.emulator.control.createAccessKey(), maxAttempts: 1 });
	}

	function converse(input: Partial<ConverseCommandInput>) {
		return runtime().send(new ConverseCommand({ modelId: SONNET, messages: [QUESTION], additionalModelRequestFields: THINKING, ...input }));
	}

	/** A first turn with reasoning, as the assistant message to send back. */
	async function firstTurn(): Promise<Message> {
		const reply = await converse({});
		return reply.output?.message as Message;
	}

	it('streams reasoning text, then its signature, in block 0 before the answer in block 1', async () => {
		harness.emulator.control.setNextReplies([{ reasoning: 'Rayleigh scattering: shorter wavelengths scatter more.', text: 'Because of Rayleigh scattering.' }]);
		const response = await runtime().send(new ConverseStreamCommand({ modelId: SONNET, messages: [QUESTION], additionalModelRequestFields: THINKING }));
		const events = await collect(response.stream);
		const reasoning = events.filter((event) => event.contentBlockDelta?.delta?.reasoningContent);
		assert.ok(reasoning.length > 2);
		assert.ok(reasoning.every((event) => event.contentBlockDelta?.contentBlockIndex === 0));
		const texts = reasoning.slice(0, -1).map((event) => event.contentBlockDelta?.delta?.reasoningContent?.text);
		assert.equal(texts.join(''), 'Rayleigh scattering: shorter wavelengths scatter more.');
		const signature = reasoning[reasoning.length - 1].contentBlockDelta?.delta?.reasoningContent?.signature ?? '';
		assert.match(signature, /^[A-Za-z0-9+/]{40,}={0,2}$/);
		const stopOfReasoning = events.findIndex((event) => event.contentBlockStop?.contentBlockIndex === 0);
		const firstText = events.findIndex((event) => event.contentBlockDelta?.delta?.text !== undefined);
		assert.ok(stopOfReasoning < firstText, 'the reasoning block ends before the answer starts');
		assert.equal(events[firstText].contentBlockDelta?.contentBlockIndex, 1);
		assert.equal(events.map((event) => event.contentBlockDelta?.delta?.text ?? '').join(''), 'Because of Rayleigh scattering.');
		const usage = events[events.length - 1].metadata?.usage;
		assert.equal(usage?.outputTokens, reasoning.length - 1 + events.filter((event) => event.contentBlockDelta?.delta?.text !== undefined).length);
	});

	it('returns a signed reasoningText block from Converse, and accepts it sent back unchanged in the next turn', async () => {
		const assistant = await firstTurn();
		const reasoning = assistant.content?.[0]?.reasoningContent?.reasoningText;
		assert.match(reasoning?.text ?? '', /Why is the sky blue\?/);
		assert.ok((reasoning?.signature ?? '').length > 40);
		assert.ok(assistant.content?.[1]?.text);
		const next = await converse({ messages: [QUESTION, assistant, { role: 'user', content: [{ text: 'And at sunset?' }] }] });
		assert.equal(next.stopReason, 'end_turn');
	});

	it('refuses reasoning sent back modified or without its signature', async () => {
		const assistant = await firstTurn();
		const reasoningText = assistant.content?.[0]?.reasoningContent?.reasoningText ?? { text: '', signature: '' };
		const withReasoning = (block: ContentBlock): Message[] => [
			QUESTION,
			{ role: 'assistant', content: [block, ...(assistant.content ?? []).slice(1)] },
			{ role: 'user', content: [{ text: 'More?' }] },
		];
		await assert.rejects(converse({ messages: withReasoning({ reasoningContent: { reasoningText: { ...reasoningText, text: `${reasoningText.text} (edited)` } } }) }), {
			name: 'ValidationException',
			message: 'The model returned the following errors: messages.1.content.0: Invalid `signature` in `thinking` block',
		});
		await assert.rejects(converse({ messages: withReasoning({ reasoningContent: { reasoningText: { text: reasoningText.text } } }) }), {
			message: 'The model returned the following errors: messages.1.content.0.thinking.signature: Field required',
		});
		// With reasoning off the same history is fine: the model ignores earlier reasoning.
		const off = await converse({ additionalModelRequestFields: undefined, messages: withReasoning({ reasoningContent: { reasoningText: { text: 'edited' } } }) });
		assert.equal(off.stopReason, 'end_turn');
	});

	it('requires the reasoning block at the start of an assistant turn whose tool calls are answered', async () => {
		const toolConfig = { tools: [{ toolSpec: { name: 'lookup', inputSchema: { json: { type: 'object' } } } }] };
		harness.emulator.control.setNextReplies([{ toolUses: [{ name: 'lookup', toolUseId: 'tooluse_1' }] }]);
		const call = (await converse({ toolConfig })).output?.message as Message;
		assert.deepEqual(
			call.content?.map((block) => Object.keys(block).find((key) => (block as unknown as Record<string, unknown>)[key] !== undefined)),
			['reasoningContent', 'toolUse'],
		);
		const result: Message = { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_1', content: [{ text: 'found' }] } }] };
		assert.equal((await converse({ toolConfig, messages: [QUESTION, call, result] })).stopReason, 'end_turn');
		await assert.rejects(converse({ toolConfig, messages: [QUESTION, { role: 'assistant', content: call.content?.slice(1) }, result] }), {
			message: /^The model returned the following errors: messages\.1\.content\.0\.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`\. When `thinking` is enabled, a final `assistant` message must start with a thinking block/,
		});
	});

	it('streams redacted reasoning as redactedContent bytes, which verify when sent back and not when altered', async () => {
		harness.emulator.control.setNextReplies([{ redactedReasoning: true, text: 'Answer.' }]);
		const response = await runtime().send(new ConverseStreamCommand({ modelId: SONNET, messages: [QUESTION], additionalModelRequestFields: THINKING }));
		const events = await collect(response.stream);
		const redacted = events.find((event) => event.contentBlockDelta?.delta?.reasoningContent?.redactedContent)?.contentBlockDelta?.delta?.reasoningContent?.redactedContent;
		assert.ok(redacted instanceof Uint8Array && redacted.length > 0);
		const history = (data: Uint8Array): Message[] => [
			QUESTION,
			{ role: 'assistant', content: [{ reasoningContent: { redactedContent: data } }, { text: 'Answer.' }] },
			{ role: 'user', content: [{ text: 'Go on' }] },
		];
		assert.equal((await converse({ messages: history(redacted) })).stopReason, 'end_turn');
		const altered = Uint8Array.from(redacted);
		altered[0] ^= 0xff;
		await assert.rejects(converse({ messages: history(altered) }), { message: 'The model returned the following errors: messages.1.content.0: Invalid `data` in `redacted_thinking` block' });
	});

	it('checks the thinking fields the way Anthropic models do, and refuses them on models that do not reason', async () => {
		const cases: Array<[Partial<ConverseCommandInput>, RegExp | string]> = [
			[{ additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 512 } } }, 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024'],
			[{ inferenceConfig: { maxTokens: 2048 } }, /`max_tokens` must be greater than `thinking.budget_tokens`/],
			[{ inferenceConfig: { temperature: 0.2 } }, /`temperature` may only be set to 1 when thinking is enabled/],
			[
				{ toolConfig: { tools: [{ toolSpec: { name: 'lookup', inputSchema: { json: {} } } }], toolChoice: { any: {} } } },
				'Thinking may not be enabled when tool_choice forces tool use.',
			],
			[{ modelId: 'anthropic.claude-3-haiku-20240307-v1:0' }, 'thinking: Extra inputs are not permitted'],
			[{ modelId: 'amazon.nova-lite-v1:0' }, 'Malformed input request: extraneous key [thinking] is not permitted, please reformat your input and try again.'],
		];
		for (const [input, message] of cases) {
			await assert.rejects(converse(input), (error: Error) => {
				assert.equal(error.name, 'ValidationException');
				assert.ok(error.message.startsWith('The model returned the following errors: '), error.message);
				if (typeof message === 'string') {
					assert.equal(error.message, `The model returned the following errors: ${message}`);
				} else {
					assert.match(error.message, message);
				}
				return true;
			});
		}
		assert.equal((await converse({ inferenceConfig: { maxTokens: 4096, temperature: 1 } })).stopReason, 'end_turn');
	});

	it('says no reasoning when reasoning is off, even if the script has some', async () => {
		harness.emulator.control.setNextReplies([{ reasoning: 'hidden', text: 'Plain.' }]);
		const reply = await converse({ additionalModelRequestFields: { thinking: { type: 'disabled' } } });
		assert.deepEqual(reply.output?.message?.content, [{ text: 'Plain.' }]);
	});
});
