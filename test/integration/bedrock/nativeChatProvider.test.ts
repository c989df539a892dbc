// VS Code's Chat-view provider (vendor `bedrock`) through the real BedrockRuntimeClient against the
// emulator, SigV4 checked: the model list, text, a tool round trip, images, token counts, every
// credential expiring mid-conversation, throttling, access denied and cancellation. Only VS Code
// is a stand-in (test/support/languageModelStub); the SDK is not mocked.
import '../../support/languageModelStub';
import assert from 'node:assert/strict';
import { createBedrockService } from '../../../src/aws/bedrock/bedrockService';
import { silentLogger } from '../../../src/aws/ports';
import { ChatServices } from '../../../src/vscode/chat/chatServices';
import type { EngineModuleType } from '../../../src/vscode/engineLoader';
import { BedrockChatProvider } from '../../../src/vscode/nativeChat/bedrockChatProvider';
import type { ModelInformation } from '../../../src/vscode/nativeChat/modelInformation';
import type { SignInAccess } from '../../../src/vscode/signInAccess';
import { FakeClock } from '../../support/fakeClock';
import { realPng } from '../../support/imageFixtures';
import { CancellationError, LanguageModelError, LanguageModelTextPart, LanguageModelToolCallPart, LanguageModelToolResultPart, manualToken } from '../../support/languageModelStub';
import { useEmulator } from '../emulator/support';
import { temporaryKeySession, type CountingSession } from './testSession';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const HAIKU_35 = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const NO_ACCESS = 'meta.llama3-70b-instruct-v1:0';
const WEATHER = { name: 'get_weather', description: 'Weather for a city', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

const user = (...content: unknown[]) => ({ role: 1, content, name: undefined });
const assistant = (...content: unknown[]) => ({ role: 2, content, name: undefined });
const text = (t: string) => new LanguageModelTextPart(t);

describe('Chat-view provider through the SDK (emulator)', function () {
	const harness = useEmulator();
	let session: CountingSession;
	let provider: BedrockChatProvider;
	let services: ChatServices;

	beforeEach(() => {
		session = temporaryKeySession(harness.emulator.control);
		const engine = { createBedrockService: (deps: Parameters<typeof createBedrockService>[0]) => createBedrockService({ ...deps, clock: new FakeClock() }) } as unknown as EngineModuleType;
		services = new ChatServices({ loadEngine: async () => engine, logger: silentLogger });
		const signIn: SignInAccess = { getConnection: async () => session, onDidChangeConnection: () => ({ dispose: () => undefined }), signIn: async () => undefined };
		provider = new BedrockChatProvider({ signIn, services, logger: silentLogger, replySettings: () => ({ maxTokens: 512, temperature: 0.5 }), offerSignIn: () => undefined });
	});
	afterEach(() => services.dispose());

	const model = async (id: string): Promise<ModelInformation> => {
		const found = (await provider.provideLanguageModelChatInformation({ silent: true })).find((m) => m.id === id);
		assert.ok(found, `${id} offered`);
		return found;
	};

	async function respond(modelId: string, messages: unknown[], options: object = {}, token = manualToken().token) {
		const parts: unknown[] = [];
		await provider.provideLanguageModelChatResponse(await model(modelId), messages as never, { toolMode: 1, ...options } as never, { report: (p) => parts.push(p) }, token as never);
		const replyText = parts.map((p) => (p instanceof LanguageModelTextPart ? p.value : '')).join('');
		return { parts, text: replyText, calls: parts.filter((p): p is LanguageModelToolCallPart => p instanceof LanguageModelToolCallPart) };
	}

	it('lists the identity\'s models with detail and capabilities', async () => {
		const models = await provider.provideLanguageModelChatInformation({ silent: true });
		const haiku = models.find((m) => m.id === HAIKU);
		assert.equal(haiku?.detail, 'Anthropic · us-east-1 · on-demand');
		assert.deepEqual(haiku?.capabilities, { toolCalling: true, imageInput: true });
		assert.ok(models.some((m) => m.id === `us.anthropic.claude-sonnet-4-20250514-v1:0`), 'the profile of a profile-only model');
		assert.ok(!models.some((m) => m.id === 'anthropic.claude-sonnet-4-20250514-v1:0'), 'not the bare profile-only model');
		assert.ok(!models.some((m) => m.id.includes('titan-embed')), 'no embedding model');
	});

	it('streams a text reply in several parts', async () => {
		harness.emulator.control.setNextReplies(['The quick brown fox jumps over the lazy dog.']);
		const { parts, text: reply } = await respond(HAIKU, [user(text('Tell me about foxes'))]);
		assert.equal(reply, 'The quick brown fox jumps over the lazy dog.');
		assert.ok(parts.length >= 3, `${parts.length} parts`);
		const sent = harness.emulator.control.lastRequest('bedrock:ConverseStream');
		assert.equal((sent?.params as { inferenceConfig?: { maxTokens?: number } } | undefined)?.inferenceConfig?.maxTokens, 512);
	});

	it('the default model bedrock-default routes to chat.modelId, then follows a changed chat.modelId', async () => {
		let configured = `us.${HAIKU_35}`;
		const signIn: SignInAccess = { getConnection: async () => session, onDidChangeConnection: () => ({ dispose: () => undefined }), signIn: async () => undefined };
		const routed = new BedrockChatProvider({ signIn, services, logger: silentLogger, replySettings: () => ({ maxTokens: 512, temperature: 0.5 }), offerSignIn: () => undefined, configuredModelId: () => configured });
		const ask = async () => {
			const [byDefault] = await routed.provideLanguageModelChatInformation({ silent: true });
			assert.equal(byDefault?.id, 'bedrock-default');
			harness.emulator.control.setNextReplies(['Routed.']);
			const parts: unknown[] = [];
			await routed.provideLanguageModelChatResponse(byDefault as ModelInformation, [user(text('hi'))] as never, { toolMode: 1 } as never, { report: (p) => parts.push(p) }, manualToken().token as never);
			const sent = harness.emulator.control.lastRequest('bedrock:ConverseStream');
			return { name: byDefault?.name, path: decodeURIComponent(sent?.path ?? ''), auth: sent?.auth, reply: parts.map((p) => (p instanceof LanguageModelTextPart ? p.value : '')).join('') };
		};
		const first = await ask();
		assert.match(first.name ?? '', /^Amazon Bedrock — default \(Claude 3\.5 Haiku/);
		assert.ok(first.path.includes(`us.${HAIKU_35}`), first.path);
		assert.equal(first.auth, 'sigv4');
		assert.equal(first.reply, 'Routed.');
		configured = HAIKU;
		const second = await ask();
		assert.match(second.name ?? '', /^Amazon Bedrock — default \(Claude 3 Haiku/);
		assert.ok(second.path.includes(HAIKU), second.path);
	});

	it('a tool round trip: the model calls the tool, the result goes back, the model answers', async () => {
		harness.emulator.control.setNextReplies([{ text: 'Let me check.', toolUses: [{ name: 'get_weather', input: { city: 'Paris' } }] }]);
		const first = await respond(HAIKU, [user(text('Weather in Paris?'))], { tools: [WEATHER] });
		assert.equal(first.text, 'Let me check.');
		assert.equal(first.calls.length, 1);
		const call = first.calls[0] as LanguageModelToolCallPart;
		assert.equal(call.name, 'get_weather');
		assert.deepEqual(call.input, { city: 'Paris' });
		assert.match(call.callId, /^tooluse_/);

		const second = await respond(
			HAIKU,
			[user(text('Weather in Paris?')), assistant(text('Let me check.'), call), user(new LanguageModelToolResultPart(call.callId, [text('18°C and sunny')]))],
			{ tools: [WEATHER] },
		);
		assert.match(second.text, /Tool get_weather returned: 18°C and sunny/);
		assert.deepEqual(second.calls, []);
	});

	it('a history Converse would refuse as sent (unanswered call, stray result, repeated roles) still gets a reply', async () => {
		const { text: reply } = await respond(
			HAIKU,
			[
				assistant(text('Hello! How can I help?')),
				user(text('Weather?')),
				user(text('In Paris.')),
				assistant(new LanguageModelToolCallPart('tooluse_unanswered', 'get_weather', { city: 'Paris' })),
				user(text('Never mind.'), new LanguageModelToolResultPart('tooluse_stray', [text('old')])),
			],
			{ tools: [WEATHER] },
		);
		assert.ok(reply.length > 0);
	});

	it('toolMode Required forces the tool', async () => {
		const { calls } = await respond(HAIKU, [user(text('Anything'))], { tools: [WEATHER], toolMode: 2 });
		assert.equal(calls[0]?.name, 'get_weather');
		assert.deepEqual(calls[0]?.input, { city: 'example' });
	});

	it('sends an image to a model that takes images', async () => {
		const { text: reply } = await respond(HAIKU, [user({ mimeType: 'image/png', data: new Uint8Array(realPng(4, 4)) }, text('What is this?'))]);
		assert.ok(reply.length > 0);
		const sent = harness.emulator.control.lastRequest('bedrock:ConverseStream');
		const messages = (sent?.params as { messages?: Array<{ content: Array<{ image?: { format?: string } }> }> } | undefined)?.messages;
		assert.equal(messages?.[0]?.content[0]?.image?.format, 'png');
	});

	it('after every credential expired mid-conversation, the next reply costs one silent refresh', async () => {
		await respond(HAIKU, [user(text('first'))]);
		harness.emulator.control.expireAllCredentials();
		harness.emulator.control.resetCounters();
		const { text: reply } = await respond(HAIKU, [user(text('first')), assistant(text('ok')), user(text('second'))]);
		assert.ok(reply.length > 0);
		assert.equal(session.calls.forced, 1);
		assert.equal(harness.emulator.control.counters()['bedrock:ConverseStream'], 2, 'one rejected call, one retry');
	});

	it('persistent throttling becomes LanguageModelError Blocked', async () => {
		harness.emulator.control.throttle('bedrock:ConverseStream', 10);
		await assert.rejects(respond(HAIKU, [user(text('q'))]), (e: unknown) => e instanceof LanguageModelError && e.code === 'Blocked' && /throttl/i.test(e.message));
	});

	it('a model the account may not use becomes NoPermissions, saying what to do', async () => {
		const parts: unknown[] = [];
		const noAccess = { ...(await model(HAIKU)), id: NO_ACCESS };
		await assert.rejects(
			provider.provideLanguageModelChatResponse(noAccess, [user(text('q'))] as never, { toolMode: 1 } as never, { report: (p) => parts.push(p) }, manualToken().token as never),
			(e: unknown) => e instanceof LanguageModelError && e.code === 'NoPermissions' && /access/i.test(e.message),
		);
	});

	it('an unknown model becomes NotFound', async () => {
		const unknown = { ...(await model(HAIKU)), id: 'acme.no-such-model-v1:0' };
		await assert.rejects(
			provider.provideLanguageModelChatResponse(unknown, [user(text('q'))] as never, { toolMode: 1 } as never, { report: () => undefined }, manualToken().token as never),
			(e: unknown) => e instanceof LanguageModelError && e.code === 'NotFound' && /acme\.no-such-model/.test(e.message),
		);
	});

	it('cancellation aborts the stream and ends with CancellationError', async () => {
		harness.emulator.control.setReplyLength(400);
		const { token, cancel } = manualToken();
		const parts: unknown[] = [];
		const reply = provider.provideLanguageModelChatResponse(await model(HAIKU), [user(text('long'))] as never, { toolMode: 1 } as never, { report: (p) => {
			parts.push(p);
			if (parts.length === 3) cancel();
		} }, token as never);
		await assert.rejects(reply, (e: unknown) => e instanceof CancellationError);
		assert.equal(parts.length, 3, 'nothing reported after Stop');
		harness.emulator.control.setReplyLength(undefined);
	});

	it('counts tokens with CountTokens (profiles as their base model), cached', async () => {
		harness.emulator.control.resetCounters();
		const haiku35 = await model(`us.${HAIKU_35}`);
		const first = await provider.provideTokenCount(haiku35, 'one two three four');
		assert.ok(first > 0);
		assert.equal(await provider.provideTokenCount(haiku35, 'one two three four'), first);
		assert.equal(harness.emulator.control.counters()['bedrock:CountTokens'], 1, 'the second count came from the cache');
		// Claude 3 Haiku has no CountTokens in the emulator (as in Bedrock): the estimate.
		assert.equal(await provider.provideTokenCount(await model(HAIKU), 'x'.repeat(40)), 10);
	});
});
