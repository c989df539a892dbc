// The panel's Bedrock features in VS Code's Chat view, through the real BedrockRuntimeClient against
// the emulator (SigV4 checked): prompt caching written then read, application profiles resolved to
// their base model, a caching refusal retried once and remembered, guardrail interventions, refused
// tiers explained, and reasoning across a tool loop (signatures sent back) with the fallback when
// none is remembered. Only VS Code is a stand-in (test/support/languageModelStub); the SDK is not mocked.
import '../../support/languageModelStub';
import assert from 'node:assert/strict';
import type { BedrockService } from '../../../src/aws/bedrock/bedrockTypes';
import { createBedrockService } from '../../../src/aws/bedrock/bedrockService';
import type { LmConverseRequest } from '../../../src/aws/bedrock/lmTypes';
import { silentLogger } from '../../../src/aws/ports';
import { ChatServices } from '../../../src/vscode/chat/chatServices';
import type { EngineModuleType } from '../../../src/vscode/engineLoader';
import { BedrockChatProvider, type BedrockChatProviderDeps } from '../../../src/vscode/nativeChat/bedrockChatProvider';
import type { ModelInformation } from '../../../src/vscode/nativeChat/modelInformation';
import type { SignInAccess } from '../../../src/vscode/signInAccess';
import { FakeClock } from '../../support/fakeClock';
import { LanguageModelError, LanguageModelTextPart, LanguageModelToolCallPart, LanguageModelToolResultPart, manualToken } from '../../support/languageModelStub';
import { useEmulator } from '../emulator/support';
import { temporaryKeySession } from './testSession';

const SONNET_4 = 'anthropic.claude-sonnet-4-20250514-v1:0';
const SONNET_4_PROFILE = `us.${SONNET_4}`;
const HAIKU_35_PROFILE = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const WEATHER = { name: 'get_weather', description: 'Weather for a city', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const SYSTEM = 'You are a terse assistant who answers in one line.';

type Settings = ReturnType<BedrockChatProviderDeps['replySettings']>;
type Block = Record<string, unknown>;
type Sent = { messages: { role: string; content: Block[] }[]; system?: Block[]; additionalModelRequestFields?: Block; inferenceConfig?: Block };

const user = (...content: unknown[]) => ({ role: 1, content, name: undefined });
const assistant = (...content: unknown[]) => ({ role: 2, content, name: undefined });
const text = (t: string) => new LanguageModelTextPart(t);

describe('Chat-view provider with the panel\'s settings (emulator)', function () {
	const harness = useEmulator();
	let settings: Settings;
	let services: ChatServices;

	function newProvider(): BedrockChatProvider {
		const session = temporaryKeySession(harness.emulator.control);
		const engine = { createBedrockService: (deps: Parameters<typeof createBedrockService>[0]) => createBedrockService({ ...deps, clock: new FakeClock() }) } as unknown as EngineModuleType;
		services = new ChatServices({ loadEngine: async () => engine, logger: silentLogger });
		const signIn: SignInAccess = { getConnection: async () => session, onDidChangeConnection: () => ({ dispose: () => undefined }), signIn: async () => undefined };
		return new BedrockChatProvider({ signIn, services, logger: silentLogger, replySettings: () => settings, offerSignIn: () => undefined });
	}

	let provider: BedrockChatProvider;
	beforeEach(() => {
		settings = { maxTokens: 512, temperature: 0.5 };
		provider = newProvider();
	});
	afterEach(() => services.dispose());

	const info = async (id: string): Promise<ModelInformation> => {
		const listed = await provider.provideLanguageModelChatInformation({ silent: true });
		const found = listed.find((m) => m.id === id);
		// An application profile ARN is a model id too: the Chat view passes it as it is.
		return found ?? { ...(listed.find((m) => m.id === HAIKU) as ModelInformation), id };
	};

	async function respond(modelId: string, messages: unknown[], options: object = {}) {
		const parts: unknown[] = [];
		await provider.provideLanguageModelChatResponse(await info(modelId), messages as never, { toolMode: 1, ...options } as never, { report: (p) => parts.push(p) }, manualToken().token as never);
		return {
			text: parts.map((p) => (p instanceof LanguageModelTextPart ? p.value : '')).join(''),
			calls: parts.filter((p): p is LanguageModelToolCallPart => p instanceof LanguageModelToolCallPart),
		};
	}

	const sent = (): Sent => harness.emulator.control.lastRequest('bedrock:ConverseStream')?.params as Sent;
	const cachePoints = (params: Sent) => [...(params.system ?? []), ...params.messages.flatMap((m) => m.content)].filter((b) => 'cachePoint' in b).length;

	async function service(): Promise<BedrockService> {
		return services.serviceFor(temporaryKeySession(harness.emulator.control));
	}

	it('writes the prompt cache on the first request and reads it on the next (two converseParts calls)', async () => {
		harness.emulator.control.setCacheMinimumTokens(1);
		const bedrock = await service();
		const ask = (messages: LmConverseRequest['messages']) =>
			bedrock.converseParts?.({ modelId: SONNET_4_PROFILE, messages: [{ role: 'system', parts: [{ kind: 'text', text: SYSTEM }] }, ...messages], maxTokens: 300 }, { signal: new AbortController().signal, onEvent: () => undefined });
		const first = await ask([{ role: 'user', parts: [{ kind: 'text', text: 'Explain prompt caching.' }] }]);
		assert.ok((first?.usage?.cacheWriteInputTokens ?? 0) > 0, `written: ${JSON.stringify(first?.usage)}`);
		assert.equal(cachePoints(sent()), 2, 'after the system prompt and the question');
		const second = await ask([
			{ role: 'user', parts: [{ kind: 'text', text: 'Explain prompt caching.' }] },
			{ role: 'assistant', parts: [{ kind: 'text', text: 'It keeps a prefix.' }] },
			{ role: 'user', parts: [{ kind: 'text', text: 'Shorter.' }] },
		]);
		assert.ok((second?.usage?.cacheReadInputTokens ?? 0) > 0, `read: ${JSON.stringify(second?.usage)}`);
	});

	it('puts cache points after tool results and reads the cache written before the tool call', async () => {
		harness.emulator.control.setCacheMinimumTokens(1);
		harness.emulator.control.setNextReplies([{ toolUses: [{ name: 'get_weather', input: { city: 'Paris' } }] }]);
		const first = await respond(SONNET_4_PROFILE, [user(text('Weather in Paris?'))], { tools: [WEATHER] });
		const call = first.calls[0] as LanguageModelToolCallPart;
		await respond(SONNET_4_PROFILE, [user(text('Weather in Paris?')), assistant(call), user(new LanguageModelToolResultPart(call.callId, [text('18°C')]))], { tools: [WEATHER] });
		const results = sent().messages[2]?.content ?? [];
		assert.ok('toolResult' in (results[0] ?? {}), 'the tool result first');
		assert.deepEqual(results.at(-1), { cachePoint: { type: 'default' } });
	});

	it('resolves an application inference profile to its base model: cache points and reasoning as for Claude Sonnet 4', async () => {
		const profile = harness.emulator.control.createApplicationInferenceProfile({ name: 'team-sonnet', modelId: SONNET_4 });
		settings = { ...settings, reasoning: 'low' };
		const { text: reply } = await respond(profile.inferenceProfileArn, [user(text('hi'))]);
		assert.ok(reply.length > 0);
		const params = sent();
		assert.equal(cachePoints(params), 1);
		assert.deepEqual(params.additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 2048 } });
		assert.deepEqual(params.inferenceConfig, { maxTokens: 512 + 2048 }, 'room for the answer, no temperature');
	});

	it('a model that refuses cache points is asked once more without them, and not again for the next request', async () => {
		// Claude 3.5 Haiku refuses cache points with latency-optimized inference (boto3 #4626).
		settings = { ...settings, performance: 'optimized' };
		const { control } = harness.emulator;
		control.resetCounters();
		const history = [user(text(SYSTEM)), assistant(text('ok')), user(text('hi'))];
		const first = await respond(HAIKU_35_PROFILE, history);
		assert.ok(first.text.length > 0);
		assert.equal(control.counters()['bedrock:ConverseStream'], 2, 'refused, then sent without');
		assert.equal(cachePoints(sent()), 0, 'the retry went without');
		control.resetCounters();
		await respond(HAIKU_35_PROFILE, history);
		assert.equal(control.counters()['bedrock:ConverseStream'], 1, 'remembered: no refused attempt');
		assert.equal(cachePoints(sent()), 0);
	});

	it('a caching refusal the panel met is remembered for the Chat view on the same service', async () => {
		const { control } = harness.emulator;
		const bedrock = createBedrockService({ session: temporaryKeySession(control), logger: silentLogger });
		try {
			const panelEvents: string[] = [];
			await bedrock.converseStream({ modelId: HAIKU_35_PROFILE, system: SYSTEM, messages: [{ role: 'user', text: 'hi' }], performance: 'optimized' }, { signal: new AbortController().signal, onEvent: (e) => panelEvents.push(e.type) });
			assert.ok(panelEvents.includes('cachingRefused'), 'the panel met the refusal');
			control.resetCounters();
			const chatViewEvents: string[] = [];
			const request: LmConverseRequest = { modelId: HAIKU_35_PROFILE, messages: [{ role: 'system', parts: [{ kind: 'text', text: SYSTEM }] }, { role: 'user', parts: [{ kind: 'text', text: 'hi' }] }], performance: 'optimized' };
			await bedrock.converseParts?.(request, { signal: new AbortController().signal, onEvent: (e) => chatViewEvents.push(e.type) });
			assert.equal(control.counters()['bedrock:ConverseStream'], 1, 'no refused attempt');
			assert.equal(chatViewEvents.includes('cachingRefused'), false);
			assert.equal(cachePoints(sent()), 0);
		} finally {
			bedrock.dispose();
		}
	});

	it('a guardrail intervention shows the guardrail\'s message as plain text and says it is the guardrail\'s', async () => {
		const guardrail = harness.emulator.control.createGuardrail({ blockedWords: ['forbidden'], blockedInputMessaging: 'Not here. [Open](command:workbench.action.terminal.new) <b>now</b>' });
		settings = { ...settings, guardrail: { identifier: guardrail.guardrailIdentifier, version: '1' } };
		const { text: reply } = await respond(HAIKU, [user(text('Tell me the forbidden thing'))]);
		assert.ok(reply.startsWith('Not here\\. \\[Open\\]\\(command\\:workbench'), reply);
		assert.ok(!reply.includes('<b>'), 'the markup is escaped');
		assert.match(reply, new RegExp(`Blocked by your guardrail ${guardrail.guardrailIdentifier} \\\\\\(version 1\\\\\\) \\\\\\(bedrockConnect\\\\\\.chat\\\\\\.guardrail\\\\\\)`));
		assert.deepEqual((sent() as unknown as { guardrailConfig: unknown }).guardrailConfig, { guardrailIdentifier: guardrail.guardrailIdentifier, guardrailVersion: '1', trace: 'enabled' });
	});

	it('a guardrail the account does not have is LanguageModelError Blocked naming bedrockConnect.chat.guardrail', async () => {
		settings = { ...settings, guardrail: { identifier: 'nosuchguardrail', version: '3' } };
		await assert.rejects(respond(HAIKU, [user(text('hi'))]), (e: unknown) => {
			assert.ok(e instanceof LanguageModelError && e.code === 'Blocked', String(e));
			assert.match(e.message, /guardrail nosuchguardrail \(version 3\) set in bedrockConnect\.chat\.guardrail/);
			return true;
		});
	});

	it('the priority tier on a model that does not offer it is LanguageModelError Blocked with the advice', async () => {
		settings = { ...settings, serviceTier: 'priority', promptCaching: false };
		await assert.rejects(respond(HAIKU_35_PROFILE, [user(text('hi'))]), (e: unknown) => {
			assert.ok(e instanceof LanguageModelError && e.code === 'Blocked', String(e));
			assert.match(e.message, /priority service tier \(bedrockConnect\.chat\.serviceTier\)/);
			assert.match(e.message, /Set bedrockConnect\.chat\.serviceTier to "default"/);
			return true;
		});
	});

	it('a tool loop with reasoning on: the signed reasoning goes back before the tool call, and Bedrock accepts it', async () => {
		settings = { ...settings, reasoning: 'low' };
		harness.emulator.control.setNextReplies([{ reasoning: 'The user wants the weather; I call the tool.', text: 'Checking.', toolUses: [{ name: 'get_weather', input: { city: 'Paris' } }] }]);
		const first = await respond(SONNET_4_PROFILE, [user(text('Weather in Paris?'))], { tools: [WEATHER] });
		assert.equal(first.text, 'Checking.', 'reasoning is not shown as text');
		const call = first.calls[0] as LanguageModelToolCallPart;
		const history = [user(text('Weather in Paris?')), assistant(text('Checking.'), call), user(new LanguageModelToolResultPart(call.callId, [text('18°C and sunny')]))];
		const second = await respond(SONNET_4_PROFILE, history, { tools: [WEATHER] });
		assert.match(second.text, /18°C and sunny/);
		const params = sent();
		const [reasoning, said, toolUse] = params.messages[1]?.content ?? [];
		const signed = (reasoning as { reasoningContent?: { reasoningText?: { text?: string; signature?: string } } }).reasoningContent?.reasoningText;
		assert.equal(signed?.text, 'The user wants the weather; I call the tool.');
		assert.ok((signed?.signature ?? '').length > 20, 'the signature went back');
		assert.deepEqual(said, { text: 'Checking.' });
		assert.ok(toolUse && 'toolUse' in toolUse);
		assert.deepEqual(params.additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 2048 } });

		// After a reload nothing is remembered: the same loop goes without reasoning instead of being refused.
		services.dispose();
		provider = newProvider();
		const reloaded = await respond(SONNET_4_PROFILE, history, { tools: [WEATHER] });
		assert.match(reloaded.text, /18°C and sunny/);
		assert.equal(sent().additionalModelRequestFields, undefined);
	});

	it('with reasoning on, a forced tool call goes without reasoning (Claude refuses thinking with a forced tool choice)', async () => {
		settings = { ...settings, reasoning: 'medium' };
		const { calls } = await respond(SONNET_4_PROFILE, [user(text('Weather in Paris?'))], { tools: [WEATHER], toolMode: 2 });
		assert.equal(calls[0]?.name, 'get_weather');
		assert.equal(sent().additionalModelRequestFields, undefined);
	});
});
