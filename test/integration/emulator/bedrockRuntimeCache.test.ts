// Prompt caching through the real BedrockRuntimeClient: cachePoint blocks write a prefix on first
// use and read it afterwards (usage.cacheWriteInputTokens / cacheReadInputTokens), an application
// profile shares its base model's cache, refusals as Bedrock words them, and the per-token delays
// that make a cached prefix answer sooner.
import assert from 'node:assert/strict';
import {
	BedrockRuntimeClient,
	type ContentBlock,
	ConverseCommand,
	type ConverseCommandInput,
	ConverseStreamCommand,
	type Message,
	type SystemContentBlock,
} from '@aws-sdk/client-bedrock-runtime';
import { useEmulator } from './support';

const SONNET = 'anthropic.claude-sonnet-4-20250514-v1:0';
const CACHE: ContentBlock.CachePointMember = { cachePoint: { type: 'default' } };

function words(n: number, prefix = 'w'): string {
	return Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(' ');
}

/** A system prompt of `n` words, cached after it. */
function cachedSystem(n: number): SystemContentBlock[] {
	return [{ text: words(n) }, { cachePoint: { type: 'default' } }];
}

const QUESTION: Message = { role: 'user', content: [{ text: 'Three word question' }] };

describe('emulator: Bedrock Runtime prompt caching', function () {
	const harness = useEmulator();

	function runtime() {
		return new BedrockRuntimeClient({ credentials: harness.emulator.control.createAccessKey(), maxAttempts: 1 });
	}

	function converse(input: Partial<ConverseCommandInput>) {
		return runtime().send(new ConverseCommand({ modelId: `us.${SONNET}`, messages: [QUESTION], ...input }));
	}

	it('writes a cached system prompt on first use and reads it afterwards', async () => {
		harness.emulator.control.setNextReplies(['ok', 'ok']);
		const first = await converse({ system: cachedSystem(1200) });
		assert.deepEqual(first.usage, { inputTokens: 3, outputTokens: 1, totalTokens: 1204, cacheReadInputTokens: 0, cacheWriteInputTokens: 1200 });
		const second = await converse({ system: cachedSystem(1200) });
		assert.deepEqual(second.usage, { inputTokens: 3, outputTokens: 1, totalTokens: 1204, cacheReadInputTokens: 1200, cacheWriteInputTokens: 0 });
		const changed = await converse({ system: [{ text: `${words(1200)} changed` }, CACHE] });
		assert.equal(changed.usage?.cacheReadInputTokens, 0, 'a different prefix is a miss');
		assert.equal(changed.usage?.cacheWriteInputTokens, 1201);
	});

	it('reads the longest cached prefix and writes the rest as the conversation grows', async () => {
		const system = cachedSystem(1100);
		const turn1: Message[] = [{ role: 'user', content: [{ text: words(300, 'q') }, CACHE] }];
		const first = await converse({ system, messages: turn1 });
		assert.equal(first.usage?.cacheWriteInputTokens, 1400);
		const turn2: Message[] = [
			{ role: 'user', content: [{ text: words(300, 'q') }] },
			{ role: 'assistant', content: [{ text: 'answer' }] },
			{ role: 'user', content: [{ text: 'follow up' }, CACHE] },
		];
		const second = await converse({ system, messages: turn2 });
		assert.equal(second.usage?.cacheReadInputTokens, 1100, 'the system prefix is still cached');
		assert.equal(second.usage?.cacheWriteInputTokens, 303, 'the turns after it are written');
		assert.equal(second.usage?.inputTokens, 0);
	});

	it('caches tool definitions before the system prompt, and streams the cache figures in metadata', async () => {
		const toolConfig = {
			tools: [{ toolSpec: { name: 'search', description: words(1100, 'd'), inputSchema: { json: { type: 'object' } } } }, CACHE],
		};
		const stream = async () => {
			const response = await runtime().send(new ConverseStreamCommand({ modelId: `us.${SONNET}`, messages: [QUESTION], toolConfig }));
			let usage;
			for await (const event of response.stream ?? []) {
				usage = event.metadata?.usage ?? usage;
			}
			return usage;
		};
		assert.ok(((await stream())?.cacheWriteInputTokens ?? 0) > 1100);
		const again = await stream();
		assert.ok((again?.cacheReadInputTokens ?? 0) > 1100);
		assert.equal(again?.cacheWriteInputTokens, 0);
	});

	it('shares the cache between an application profile and its base model', async () => {
		const profile = harness.emulator.control.createApplicationInferenceProfile({ name: 'team', modelId: `us.${SONNET}` });
		await converse({ system: cachedSystem(1500) });
		const viaProfile = await converse({ modelId: profile.inferenceProfileArn, system: cachedSystem(1500) });
		assert.equal(viaProfile.usage?.cacheReadInputTokens, 1500);
	});

	it('caches nothing below the model minimum (silently, as Bedrock), unless the minimum is lowered', async () => {
		const short = await converse({ system: cachedSystem(50) });
		assert.equal(short.usage?.cacheWriteInputTokens, 0);
		assert.equal(short.usage?.inputTokens, 53);
		harness.emulator.control.setCacheMinimumTokens(10);
		assert.equal((await converse({ system: cachedSystem(50) })).usage?.cacheWriteInputTokens, 50);
		assert.equal((await converse({ system: cachedSystem(50) })).usage?.cacheReadInputTokens, 50);
	});

	it('refuses cache points on a model without prompt caching, more than four, and a bad type, as Bedrock does', async () => {
		await assert.rejects(converse({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', system: cachedSystem(10) }), {
			name: 'AccessDeniedException',
			message: 'You invoked an unsupported model or your request did not allow prompt caching. See the documentation for more information.',
		});
		const five: SystemContentBlock[] = Array.from({ length: 5 }, (_, i) => [{ text: `part ${i}` }, CACHE] as SystemContentBlock[]).flat();
		await assert.rejects(converse({ system: five }), {
			name: 'ValidationException',
			message: 'The model returned the following errors: A maximum of 4 blocks with cache_control may be provided. Found 5.',
		});
		await assert.rejects(converse({ system: [{ text: 'x' }, { cachePoint: { type: 'ephemeral' as 'default' } }] }), {
			message: "1 validation error detected: Value 'ephemeral' at 'system.2.member.cachePoint.type' failed to satisfy constraint: Member must satisfy enum value set: [default]",
		});
		assert.equal((await converse({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', system: [{ text: 'x' }] })).stopReason, 'end_turn');
	});

	it('answers a cached prefix sooner with per-token delays (the first-token bench)', async () => {
		const { control } = harness.emulator;
		control.setTokenDelays({ inputMs: 0.25, cachedInputMs: 0 });
		const firstDelta = async () => {
			const started = Date.now();
			const response = await runtime().send(new ConverseStreamCommand({ modelId: `us.${SONNET}`, messages: [QUESTION], system: cachedSystem(1200) }));
			for await (const event of response.stream ?? []) {
				if (event.contentBlockDelta) {
					break;
				}
			}
			return Date.now() - started;
		};
		const uncached = await firstDelta();
		const cached = await firstDelta();
		assert.ok(uncached >= 290, `uncached first delta after ${uncached} ms (1203 tokens × 0.25 ms)`);
		assert.ok(cached < uncached - 200, `cached first delta after ${cached} ms`);
		control.reset();
		const afterReset = await firstDelta();
		assert.ok(afterReset < 200, 'reset() restores the start delays');
	});
});
