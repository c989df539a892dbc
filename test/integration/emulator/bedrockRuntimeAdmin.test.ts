// The Bedrock Runtime scripting knobs over the admin HTTP routes, as an end-to-end test in
// another process drives them: scripted tool calls, guardrails, token delays, cache minimum.
import assert from 'node:assert/strict';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { remoteControl } from '../../emulator';
import { useEmulator } from './support';

const SONNET = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const TOOLS = { tools: [{ toolSpec: { name: 'get_time', inputSchema: { json: { type: 'object' } } } }] };

describe('emulator: Bedrock Runtime scripting over HTTP', function () {
	const harness = useEmulator();

	function converse(input: Partial<ConstructorParameters<typeof ConverseCommand>[0]> = {}) {
		const client = new BedrockRuntimeClient({ credentials: harness.emulator.control.createAccessKey(), maxAttempts: 1 });
		return client.send(new ConverseCommand({ modelId: SONNET, messages: [{ role: 'user', content: [{ text: 'What time is it?' }] }], ...input }));
	}

	it('queues scripted tool calls and creates guardrails through remoteControl()', async () => {
		const remote = remoteControl(harness.emulator.httpUrl);
		await remote.setNextReplies([{ text: 'Checking.', toolUses: [{ name: 'get_time', toolUseId: 'tooluse_remote', input: { zone: 'UTC' } }] }]);
		const reply = await converse({ toolConfig: TOOLS });
		assert.equal(reply.stopReason, 'tool_use');
		assert.deepEqual(reply.output?.message?.content?.[1]?.toolUse, { toolUseId: 'tooluse_remote', name: 'get_time', input: { zone: 'UTC' } });

		const guardrail = await remote.createGuardrail({ blockedWords: ['time'] });
		const blocked = await converse({ guardrailConfig: { guardrailIdentifier: guardrail.guardrailIdentifier, guardrailVersion: guardrail.guardrailVersion } });
		assert.equal(blocked.stopReason, 'guardrail_intervened');
	});

	it('takes token delays as a plain JSON object body, and a cache minimum', async () => {
		const response = await fetch(`${harness.emulator.httpUrl}/__emulator/setTokenDelays`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ inputMs: 40 }),
		});
		assert.equal(response.status, 200);
		const started = Date.now();
		await converse();
		assert.ok(Date.now() - started >= 4 * 40, 'four input tokens at 40 ms each');

		await remoteControl(harness.emulator.httpUrl).setCacheMinimumTokens(1);
		const cached = await converse({ system: [{ text: 'Be brief.' }, { cachePoint: { type: 'default' } }] });
		assert.equal(cached.usage?.cacheWriteInputTokens, 2);
	});
});
