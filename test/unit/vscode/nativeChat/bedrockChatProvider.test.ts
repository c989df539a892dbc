// The Chat view's language-model provider with a scripted Bedrock service: what models it
// offers signed in and out (the stable default model first), how a request reaches the service
// (the default routed to chat.modelId or the first model that takes tools), how replies, tool
// calls, cancellation and failures come back, and token counting.
import '../../../support/languageModelStub';
import assert from 'node:assert/strict';
import { BedrockConnectError } from '../../../../src/aws/errors';
import type { BedrockService, ModelCatalogue } from '../../../../src/aws/bedrock/bedrockTypes';
import type { LmConverseOptions, LmConverseRequest } from '../../../../src/aws/bedrock/lmTypes';
import { silentLogger } from '../../../../src/aws/ports';
import type { Connection } from '../../../../src/aws/engineTypes';
import { ChatServices } from '../../../../src/vscode/chat/chatServices';
import type { EngineModuleType } from '../../../../src/vscode/engineLoader';
import { BedrockChatProvider, type BedrockChatProviderDeps } from '../../../../src/vscode/nativeChat/bedrockChatProvider';
import { DEFAULT_MODEL_ID, SIGNED_OUT_DEFAULT, UNLISTED_DEFAULT } from '../../../../src/vscode/nativeChat/defaultModel';
import type { ModelInformation } from '../../../../src/vscode/nativeChat/modelInformation';
import type { SignInAccess } from '../../../../src/vscode/signInAccess';
import { fakeConnection } from '../../../support/fakeBedrockChat';
import { CancellationError, LanguageModelError, LanguageModelTextPart, LanguageModelToolCallPart, LanguageModelToolResultPart, manualToken } from '../../../support/languageModelStub';

const CATALOGUE: ModelCatalogue = {
	warnings: [],
	models: [
		{ id: 'anthropic.claude-3-haiku-20240307-v1:0', label: 'Claude 3 Haiku', providerName: 'Anthropic', kind: 'foundationModel' },
		{ id: 'anthropic.claude-sonnet-4-20250514-v1:0', label: 'Claude Sonnet 4', providerName: 'Anthropic', kind: 'foundationModel', requiresInferenceProfile: true },
		{ id: 'us.anthropic.claude-sonnet-4-20250514-v1:0', label: 'Claude Sonnet 4 (US cross-region)', providerName: 'Anthropic', kind: 'systemInferenceProfile', baseModelIds: ['anthropic.claude-sonnet-4-20250514-v1:0'] },
		{ id: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc', label: 'team (application profile)', providerName: 'Amazon', kind: 'applicationInferenceProfile', baseModelIds: ['amazon.nova-micro-v1:0'] },
	],
};

type Script = (request: LmConverseRequest, options: LmConverseOptions) => Promise<{ stopReason: string }>;

function setup(options: { signedIn?: boolean; settings?: Partial<ReturnType<BedrockChatProviderDeps['replySettings']>>; script?: Script; countTokens?: (r: LmConverseRequest) => Promise<number>; listing?: () => Promise<ModelCatalogue> } = {}) {
	let configured = '';
	let connection: Connection | undefined = options.signedIn === false ? undefined : fakeConnection('us-east-1');
	const requests: LmConverseRequest[] = [];
	let listings = 0;
	const service: BedrockService = {
		listModels: async () => {
			listings++;
			return options.listing ? options.listing() : CATALOGUE;
		},
		converseStream: async () => ({ stopReason: 'end_turn' }),
		converseParts: (request, opts) => {
			requests.push(request);
			return (options.script ?? (async () => ({ stopReason: 'end_turn' })))(request, opts);
		},
		...(options.countTokens ? { countPartsTokens: options.countTokens } : {}),
		dispose: () => undefined,
	};
	const engine = { createBedrockService: () => service } as unknown as EngineModuleType;
	const services = new ChatServices({ loadEngine: async () => engine, logger: silentLogger });
	const signIn: SignInAccess = { getConnection: async () => connection, onDidChangeConnection: () => ({ dispose: () => undefined }), signIn: async () => undefined };
	let offers = 0;
	const provider = new BedrockChatProvider({ signIn, services, logger: silentLogger, replySettings: () => ({ maxTokens: 4096, temperature: 0.5, ...options.settings }), offerSignIn: () => offers++, configuredModelId: () => configured });
	return {
		provider,
		requests,
		offers: () => offers,
		listings: () => listings,
		signOut: () => (connection = undefined),
		signIn: () => (connection = fakeConnection('us-east-1')),
		configure: (id: string) => (configured = id),
	};
}

/** The first listed Bedrock model (after the default). */
const MODEL = async (provider: BedrockChatProvider): Promise<ModelInformation> => (await provider.provideLanguageModelChatInformation({ silent: true }))[1] as ModelInformation;
const DEFAULT = async (provider: BedrockChatProvider): Promise<ModelInformation> => (await provider.provideLanguageModelChatInformation({ silent: true }))[0] as ModelInformation;
const userText = (text: string) => ({ role: 1, content: [new LanguageModelTextPart(text)], name: undefined });

async function respond(provider: BedrockChatProvider, model: ModelInformation, messages: unknown[], options: object = {}, token = manualToken().token) {
	const parts: unknown[] = [];
	await provider.provideLanguageModelChatResponse(model, messages as never, { toolMode: 1, ...options } as never, { report: (p) => parts.push(p) }, token as never);
	return parts;
}

function lmError(code: string, pattern: RegExp) {
	return (e: unknown) => {
		assert.ok(e instanceof LanguageModelError, String(e));
		assert.equal(e.code, code);
		assert.match(e.message, pattern);
		return true;
	};
}

describe('Bedrock language-model provider', () => {
	it('signed out: offers only the default model as the sign-in model, and offers sign-in only when not silent', async () => {
		const { provider, offers } = setup({ signedIn: false });
		assert.deepEqual(await provider.provideLanguageModelChatInformation({ silent: true }), [SIGNED_OUT_DEFAULT]);
		assert.equal(offers(), 0);
		assert.deepEqual(await provider.provideLanguageModelChatInformation({ silent: false }), [SIGNED_OUT_DEFAULT]);
		assert.equal(offers(), 1);
		assert.deepEqual([SIGNED_OUT_DEFAULT.id, SIGNED_OUT_DEFAULT.family, SIGNED_OUT_DEFAULT.name], ['bedrock-default', 'bedrock-sign-in', 'Amazon Bedrock — sign in']);
	});

	it('the default model keeps its id across sign-in and sign-out; signed in it takes the routed model\'s family, limits and capabilities', async () => {
		const { provider, signIn, signOut, configure } = setup({ signedIn: false });
		assert.deepEqual((await provider.provideLanguageModelChatInformation({ silent: true })).map((m) => m.id), [DEFAULT_MODEL_ID]);
		signIn();
		const models = await provider.provideLanguageModelChatInformation({ silent: true });
		const [first, haiku] = models;
		assert.equal(first?.id, DEFAULT_MODEL_ID, 'listed first');
		assert.equal(first?.name, 'Amazon Bedrock — default (Claude 3 Haiku)');
		assert.equal(first?.detail, 'Anthropic · us-east-1 · on-demand · bedrockConnect.chat.modelId is empty; using the first model that takes tools');
		assert.deepEqual([first?.family, first?.version, first?.maxInputTokens, first?.maxOutputTokens, first?.capabilities], [haiku?.family, haiku?.version, haiku?.maxInputTokens, haiku?.maxOutputTokens, haiku?.capabilities]);
		assert.equal(models.filter((m) => m.id === DEFAULT_MODEL_ID).length, 1);

		configure('us.anthropic.claude-sonnet-4-20250514-v1:0');
		const [configured] = await provider.provideLanguageModelChatInformation({ silent: true });
		assert.equal(configured?.name, 'Amazon Bedrock — default (Claude Sonnet 4 (US cross-region))');
		assert.equal(configured?.family, 'claude-sonnet-4');
		assert.equal(configured?.maxOutputTokens, 64_000);
		assert.match(configured?.detail ?? '', /cross-region profile · bedrockConnect\.chat\.modelId$/);

		configure('acme.unlisted-v1:0');
		const [unlisted] = await provider.provideLanguageModelChatInformation({ silent: true });
		assert.equal(unlisted?.name, 'Amazon Bedrock — default (Claude 3 Haiku)');
		assert.match(unlisted?.detail ?? '', /bedrockConnect\.chat\.modelId \(acme\.unlisted-v1:0\) is not listed in this region/);

		signOut();
		assert.deepEqual(await provider.provideLanguageModelChatInformation({ silent: true }), [SIGNED_OUT_DEFAULT]);
	});

	it('the default routes a request to chat.modelId when listed, else to the first model that takes tools', async () => {
		const { provider, requests, configure } = setup();
		const stale = SIGNED_OUT_DEFAULT; // what VS Code may still hold from before the sign-in
		await respond(provider, stale, [userText('q')]);
		assert.equal(requests[0]?.modelId, 'anthropic.claude-3-haiku-20240307-v1:0');
		configure('us.anthropic.claude-sonnet-4-20250514-v1:0');
		await respond(provider, await DEFAULT(provider), [userText('q')]);
		assert.equal(requests[1]?.modelId, 'us.anthropic.claude-sonnet-4-20250514-v1:0');
		assert.equal(requests[1]?.maxTokens, 4096, 'within the routed model\'s limit');
		configure('acme.unlisted-v1:0');
		await respond(provider, stale, [userText('q')]);
		assert.equal(requests[2]?.modelId, 'anthropic.claude-3-haiku-20240307-v1:0');
	});

	it('the default skips models without tool calling, and with no models at all says what to do', async () => {
		const noTools: ModelCatalogue = { warnings: [], models: [{ id: 'meta.llama2-13b-chat-v1', label: 'Llama 2', providerName: 'Meta', kind: 'foundationModel' }, ...CATALOGUE.models] };
		const { provider, requests } = setup({ listing: async () => noTools });
		assert.equal((await DEFAULT(provider)).name, 'Amazon Bedrock — default (Claude 3 Haiku)');
		await respond(provider, SIGNED_OUT_DEFAULT, [userText('q')]);
		assert.equal(requests[0]?.modelId, 'anthropic.claude-3-haiku-20240307-v1:0');
		const empty = setup({ listing: async () => ({ warnings: [], models: [] }) });
		assert.deepEqual(await empty.provider.provideLanguageModelChatInformation({ silent: true }), []);
		await assert.rejects(respond(empty.provider, SIGNED_OUT_DEFAULT, [userText('q')]), lmError('NotFound', /No Amazon Bedrock model.*Select Model/));
	});

	it('a failed listing keeps the default id; a request then tries chat.modelId, or fails saying why', async () => {
		const failing = async (): Promise<ModelCatalogue> => {
			throw new BedrockConnectError('AccessDenied', 'Not allowed to list models.', { action: 'Ask for bedrock:ListFoundationModels.' });
		};
		const { provider, requests, configure } = setup({ listing: failing });
		assert.deepEqual(await provider.provideLanguageModelChatInformation({ silent: true }), [UNLISTED_DEFAULT]);
		await assert.rejects(respond(provider, UNLISTED_DEFAULT, [userText('q')]), lmError('NoPermissions', /Not allowed to list models/));
		configure('us.amazon.nova-pro-v1:0');
		await respond(provider, UNLISTED_DEFAULT, [userText('q')]);
		assert.equal(requests[0]?.modelId, 'us.amazon.nova-pro-v1:0');
	});

	it('signed in: offers invocable models with stable ids, detail, limits and capabilities (profiles inherit their base model)', async () => {
		const { provider, listings } = setup();
		const models = (await provider.provideLanguageModelChatInformation({ silent: true })).slice(1);
		assert.deepEqual(
			models.map((m) => m.id),
			['anthropic.claude-3-haiku-20240307-v1:0', 'us.anthropic.claude-sonnet-4-20250514-v1:0', 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc'],
			'the profile-only foundation model is offered through its profile',
		);
		const [haiku, sonnet, app] = models;
		assert.equal(haiku?.detail, 'Anthropic · us-east-1 · on-demand');
		assert.equal(haiku?.family, 'claude-3-haiku');
		assert.deepEqual(haiku?.capabilities, { toolCalling: true, imageInput: true });
		assert.equal(sonnet?.detail, 'Anthropic · us-east-1 · cross-region profile');
		assert.equal(sonnet?.family, 'claude-sonnet-4');
		assert.equal(sonnet?.maxOutputTokens, 64_000);
		assert.equal(app?.detail, 'Amazon · us-east-1 · application profile');
		assert.equal(app?.family, 'nova-micro');
		assert.deepEqual(app?.capabilities, { toolCalling: true, imageInput: false });
		assert.equal(app?.maxInputTokens, 128_000);
		await provider.provideLanguageModelChatInformation({ silent: true });
		assert.equal(listings(), 1, 'the catalogue is cached per connection');
	});

	it('signed out the default answers NoPermissions with what to do, never a reply', async () => {
		const { provider, requests } = setup({ signedIn: false });
		await assert.rejects(respond(provider, SIGNED_OUT_DEFAULT, [userText('hi')]), lmError('NoPermissions', /not signed in.*AWS: Sign In/));
		assert.equal(requests.length, 0);
	});

	it('the signed-in default after sign-out answers NoPermissions too', async () => {
		const { provider, signOut, requests } = setup();
		const model = await DEFAULT(provider);
		signOut();
		await assert.rejects(respond(provider, model, [userText('hi')]), lmError('NoPermissions', /not signed in/));
		assert.equal(requests.length, 0);
	});

	it('a Bedrock model after sign-out answers NoPermissions too', async () => {
		const { provider, signOut } = setup();
		const model = await MODEL(provider);
		signOut();
		await assert.rejects(respond(provider, model, [userText('hi')]), lmError('NoPermissions', /not signed in/));
	});

	it('streams text and complete tool calls; maps messages, tools, tool mode and model options', async () => {
		const { provider, requests } = setup({
			script: async (_r, { onEvent }) => {
				onEvent({ type: 'text', text: 'Let me look.' });
				onEvent({ type: 'toolCall', callId: 't1', name: 'read_file', input: { path: 'a.ts' } });
				onEvent({ type: 'usage', usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 } });
				return { stopReason: 'tool_use' };
			},
		});
		const model = await MODEL(provider);
		const parts = await respond(
			provider,
			model,
			[
				userText('read a.ts'),
				{ role: 2, content: [new LanguageModelToolCallPart('t0', 'read_file', { path: 'b.ts' })], name: undefined },
				{ role: 1, content: [new LanguageModelToolResultPart('t0', [new LanguageModelTextPart('B')]), { mimeType: 'image/png', data: new Uint8Array([1]) }], name: undefined },
			],
			{ tools: [{ name: 'read_file', description: 'Reads a file', inputSchema: { type: 'object' } }], toolMode: 2, modelOptions: { max_tokens: 77, temperature: 0.1 } },
		);
		assert.deepEqual(parts, [new LanguageModelTextPart('Let me look.'), new LanguageModelToolCallPart('t1', 'read_file', { path: 'a.ts' })]);
		assert.deepEqual(requests[0], {
			modelId: model.id,
			messages: [
				{ role: 'user', parts: [{ kind: 'text', text: 'read a.ts' }] },
				{ role: 'assistant', parts: [{ kind: 'toolCall', callId: 't0', name: 'read_file', input: { path: 'b.ts' } }] },
				{ role: 'user', parts: [{ kind: 'toolResult', callId: 't0', content: [{ kind: 'text', text: 'B' }] }, { kind: 'image', mimeType: 'image/png', data: new Uint8Array([1]) }] },
			],
			tools: [{ name: 'read_file', description: 'Reads a file', inputSchema: { type: 'object' } }],
			toolMode: 'required',
			maxTokens: 77,
			temperature: 0.1,
		});
	});

	it('without model options: the configured max tokens (within the model limit) and temperature', async () => {
		const { provider, requests } = setup();
		await respond(provider, await MODEL(provider), [userText('q')]);
		assert.equal(requests[0]?.maxTokens, 4096);
		assert.equal(requests[0]?.temperature, 0.5);
		assert.equal(requests[0]?.toolMode, 'auto');
	});

	it('cancellation aborts the request and ends with CancellationError, reporting nothing after it', async () => {
		const { token, cancel } = manualToken();
		let signal: AbortSignal | undefined;
		const { provider } = setup({
			script: async (_r, { onEvent, signal: s }) => {
				signal = s;
				onEvent({ type: 'text', text: 'partial' });
				cancel();
				onEvent({ type: 'text', text: 'late' });
				throw new BedrockConnectError('Cancelled', 'Stopped.');
			},
		});
		const parts: unknown[] = [];
		await assert.rejects(
			provider.provideLanguageModelChatResponse(await MODEL(provider), [userText('q')] as never, { toolMode: 1 } as never, { report: (p) => parts.push(p) }, token as never),
			(e: unknown) => e instanceof CancellationError,
		);
		assert.equal(signal?.aborted, true);
		assert.deepEqual(parts, [new LanguageModelTextPart('partial')]);
	});

	const failures: Array<[string, BedrockConnectError, string, RegExp]> = [
		['throttling after retries', new BedrockConnectError('Throttled', 'Bedrock is throttling requests.', { action: 'Wait a moment.' }), 'Blocked', /throttling.*Wait a moment/],
		['access denied to the model', new BedrockConnectError('ModelAccessDenied', 'No access to the model.', { action: 'Request access.' }), 'NoPermissions', /No access.*Request access/],
		['a sign-in that ended', new BedrockConnectError('SignInRequired', 'Your AWS sign-in ended.', { action: 'Sign in again.' }), 'NoPermissions', /Sign in again/],
		[
			'an unknown model',
			new BedrockConnectError('Validation', 'Bedrock does not know x.', { action: 'Pick a model.', cause: Object.assign(new Error('nf'), { name: 'ResourceNotFoundException' }) }),
			'NotFound',
			/does not know/,
		],
		[
			'a model id Bedrock calls invalid',
			new BedrockConnectError('Validation', 'Bedrock rejected the request for acme.x.', {
				action: 'Check the model id.',
				cause: Object.assign(new Error('The provided model identifier is invalid.'), { name: 'ValidationException' }),
			}),
			'NotFound',
			/acme\.x.*Check the model id/,
		],
	];
	for (const [what, error, code, pattern] of failures) {
		it(`${what} becomes LanguageModelError ${code} with what to do`, async () => {
			const { provider } = setup({ script: async () => Promise.reject(error) });
			await assert.rejects(respond(provider, await MODEL(provider), [userText('q')]), lmError(code, pattern));
		});
	}

	it('other failures keep their message and say what to do, with secrets redacted', async () => {
		const { provider } = setup({ script: async () => Promise.reject(new Error('boom with AKIAIOSFODNN7EXAMPLE')) });
		await assert.rejects(respond(provider, await MODEL(provider), [userText('q')]), (e: unknown) => {
			assert.ok(e instanceof Error && !(e instanceof LanguageModelError));
			assert.match(e.message, /boom.*Retry/);
			assert.doesNotMatch(e.message, /AKIAIOSFODNN7EXAMPLE/);
			return true;
		});
	});

	it('counts tokens with CountTokens, cached per text; estimates for a model CountTokens refuses', async () => {
		let calls = 0;
		const { provider } = setup({
			countTokens: async (r) => {
				calls++;
				assert.doesNotMatch(r.modelId, /^us\./, 'a profile is counted as its base model');
				if (r.modelId.includes('sonnet')) throw new BedrockConnectError('Validation', 'not supported');
				return 42;
			},
		});
		const [byDefault, haiku, sonnet] = await provider.provideLanguageModelChatInformation({ silent: true });
		assert.equal(await provider.provideTokenCount(haiku as ModelInformation, 'hello world'), 42);
		assert.equal(await provider.provideTokenCount(haiku as ModelInformation, 'hello world'), 42);
		assert.equal(calls, 1, 'the second count came from the cache');
		assert.equal(await provider.provideTokenCount(sonnet as ModelInformation, 'x'.repeat(40)), 10, 'estimate: four characters per token');
		assert.equal(await provider.provideTokenCount(sonnet as ModelInformation, 'y'.repeat(40)), 10);
		assert.equal(calls, 2, 'a model CountTokens refused is not asked again');
		assert.equal(await provider.provideTokenCount(byDefault as ModelInformation, 'hello world'), 42, 'the default counts as its routed model (cached)');
		const counter = await provider.counterFor();
		assert.deepEqual(counter?.stats, { hits: 2, misses: 2, estimates: 2 });
		const signedOut = setup({ signedIn: false, countTokens: async () => 42 });
		assert.equal(await signedOut.provider.provideTokenCount(SIGNED_OUT_DEFAULT, userText('abcd') as never), 1, 'signed out: estimated');
	});
});

describe('Bedrock language-model provider: the panel\'s settings and guardrail interventions', () => {
	const GUARDRAIL = { identifier: 'gr123', version: '1' };
	const texts = (parts: unknown[]) => parts.filter((p): p is LanguageModelTextPart => p instanceof LanguageModelTextPart).map((p) => p.value);

	it('passes reasoning, prompt caching, guardrail, service tier and latency mode from the settings to the request', async () => {
		const { provider, requests } = setup({ settings: { reasoning: 'high', promptCaching: false, guardrail: GUARDRAIL, serviceTier: 'flex', performance: 'optimized' } });
		await respond(provider, await MODEL(provider), [userText('q')]);
		const [request] = requests;
		assert.deepEqual(
			[request?.reasoning, request?.promptCaching, request?.guardrail, request?.serviceTier, request?.performance],
			['high', false, GUARDRAIL, 'flex', 'optimized'],
		);
	});

	it('a guardrail intervention shows the guardrail\'s message as plain text and a line saying it is the guardrail\'s', async () => {
		const { provider } = setup({
			settings: { guardrail: GUARDRAIL },
			script: async (_request, { onEvent }) => {
				onEvent({ type: 'text', text: 'Not allowed: [open](command:evil)' });
				onEvent({ type: 'stop', stopReason: 'guardrail_intervened' });
				return { stopReason: 'guardrail_intervened' };
			},
		});
		const shown = texts(await respond(provider, await MODEL(provider), [userText('q')])).join('');
		assert.match(shown, /^Not allowed\\: \\\[open\\\]\\\(command\\:evil\\\)\n\n/);
		assert.match(shown, /Blocked by your guardrail gr123 \\\(version 1\\\)/);
	});

	it('a guardrail intervention without a message is LanguageModelError Blocked, never an empty reply', async () => {
		const { provider } = setup({ settings: { guardrail: GUARDRAIL }, script: async () => ({ stopReason: 'guardrail_intervened' }) });
		await assert.rejects(respond(provider, await MODEL(provider), [userText('q')]), lmError('Blocked', /guardrail gr123 \(version 1\) \(bedrockConnect\.chat\.guardrail\) blocked this request/));
	});

	it('with a guardrail set, an ordinary reply still arrives whole, text before a tool call first', async () => {
		const { provider } = setup({
			settings: { guardrail: GUARDRAIL },
			script: async (_request, { onEvent }) => {
				onEvent({ type: 'text', text: 'Let me **check**.' });
				onEvent({ type: 'toolCall', callId: 'c1', name: 'get_weather', input: {} });
				return { stopReason: 'tool_use' };
			},
		});
		const parts = await respond(provider, await MODEL(provider), [userText('q')]);
		assert.equal((parts[0] as LanguageModelTextPart).value, 'Let me **check**.');
		assert.ok(parts[1] instanceof LanguageModelToolCallPart);
	});

	it('a refused service tier, latency mode or guardrail is LanguageModelError Blocked naming the setting', async () => {
		const advice = 'Bedrock refused the flex service tier (bedrockConnect.chat.serviceTier) for this model.';
		const { provider } = setup({ script: async () => Promise.reject(new BedrockConnectError('Validation', advice, { action: 'Set bedrockConnect.chat.serviceTier to "default".' })) });
		await assert.rejects(respond(provider, await MODEL(provider), [userText('q')]), lmError('Blocked', /flex service tier \(bedrockConnect\.chat\.serviceTier\).*Set bedrockConnect\.chat\.serviceTier/));
		const other = setup({ script: async () => Promise.reject(new BedrockConnectError('Validation', 'The prompt is too long.', { action: 'Start a new chat.' })) });
		await assert.rejects(respond(other.provider, await MODEL(other.provider), [userText('q')]), (e: unknown) => !(e instanceof LanguageModelError));
	});
});
