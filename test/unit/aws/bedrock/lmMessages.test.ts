// The language-model provider's message mapping: every part kind, merging and ordering as
// Converse requires, tool round trips, images and their limits, and fuzzed message lists
// that either map to a valid Converse request or fail with a clear Validation error.
import assert from 'node:assert/strict';
import type { ContentBlock, Message } from '@aws-sdk/client-bedrock-runtime';
import { isBedrockConnectError } from '../../../../src/aws/errors';
import { bedrockSafeName, MAX_IMAGE_BYTES, MAX_IMAGES, toLmConverseInput } from '../../../../src/aws/bedrock/lmMessages';
import type { LmConverseRequest, LmMessage, LmPart, LmTool } from '../../../../src/aws/bedrock/lmTypes';

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const text = (t: string): LmPart => ({ kind: 'text', text: t });
const user = (...parts: LmPart[]): LmMessage => ({ role: 'user', parts });
const assistant = (...parts: LmPart[]): LmMessage => ({ role: 'assistant', parts });
const call = (callId: string, name: string, input: unknown = {}): LmPart => ({ kind: 'toolCall', callId, name, input });
const result = (callId: string, t: string): LmPart => ({ kind: 'toolResult', callId, content: [{ kind: 'text', text: t }] });
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
const weather: LmTool = { name: 'get_weather', description: 'Weather for a city', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } };

function map(messages: LmMessage[], extra: Partial<LmConverseRequest> = {}) {
	return toLmConverseInput({ modelId: MODEL, messages, ...extra });
}

function validation(pattern: RegExp) {
	return (e: unknown) => {
		assert.ok(isBedrockConnectError(e), String(e));
		assert.equal(e.code, 'Validation');
		assert.match(e.message, pattern);
		assert.ok(e.action, 'says what to do');
		return true;
	};
}

/** The rules Converse enforces on messages (as the service's validation errors describe them). */
function assertConverseValid(messages: Message[], toolConfig: unknown): void {
	assert.ok(messages.length > 0);
	assert.equal(messages[0]?.role, 'user', 'starts with the user');
	assert.equal(messages.at(-1)?.role, 'user', 'ends with the user');
	messages.forEach((m, i) => {
		if (i > 0) assert.notEqual(m.role, messages[i - 1]?.role, `turn ${i} alternates`);
		assert.ok((m.content ?? []).length > 0, `turn ${i} has content`);
		for (const b of m.content ?? []) {
			if (b.text !== undefined) assert.notEqual(b.text.trim(), '', 'no empty text block');
			if (b.toolUse || b.toolResult) assert.ok(toolConfig, 'tool blocks need a toolConfig');
			if (b.toolUse) assert.equal(m.role, 'assistant');
			if (b.toolResult) assert.equal(m.role, 'user');
			if (b.image) assert.equal(m.role, 'user');
		}
		const uses = (m.content ?? []).flatMap((b) => (b.toolUse ? [b.toolUse.toolUseId] : []));
		if (uses.length > 0) {
			const answered = (messages[i + 1]?.content ?? []).flatMap((b) => (b.toolResult ? [b.toolResult.toolUseId] : []));
			assert.deepEqual([...answered].sort(), [...uses].sort(), `every toolUse of turn ${i} is answered next`);
		}
		const results = (m.content ?? []).flatMap((b: ContentBlock) => (b.toolResult ? [b.toolResult.toolUseId] : []));
		if (results.length > 0) {
			const asked = (messages[i - 1]?.content ?? []).flatMap((b) => (b.toolUse ? [b.toolUse.toolUseId] : []));
			for (const id of results) assert.ok(asked.includes(id), `result ${id} answers the previous turn`);
			const firstOther = (m.content ?? []).findIndex((b) => !b.toolResult);
			const lastResult = (m.content ?? []).findLastIndex((b) => b.toolResult);
			assert.ok(firstOther === -1 || firstOther > lastResult, 'tool results come first');
		}
	});
}

describe('language-model message mapping (toLmConverseInput)', () => {
	it('maps user and assistant text and merges consecutive turns of one role', () => {
		const { input } = map([user(text('a')), user(text('b')), assistant(text('c')), assistant(text('d')), user(text('e'))]);
		assert.deepEqual(input.messages, [
			{ role: 'user', content: [{ text: 'a' }, { text: 'b' }] },
			{ role: 'assistant', content: [{ text: 'c' }, { text: 'd' }] },
			{ role: 'user', content: [{ text: 'e' }] },
		]);
		assert.equal(input.toolConfig, undefined);
	});

	it('sends system messages as the system prompt, in order', () => {
		const { input } = map([{ role: 'system', parts: [text('Be brief.')] }, user(text('hi')), { role: 'system', parts: [text('Use French.')] }]);
		assert.deepEqual(input.system, [{ text: 'Be brief.\n\nUse French.' }]);
		assert.deepEqual(input.messages, [{ role: 'user', content: [{ text: 'hi' }] }]);
	});

	it('drops empty text, leading and trailing assistant turns', () => {
		const { input } = map([assistant(text('hello?')), user(text('  '), text('q')), assistant(text('a')), user(text('')), assistant(text('prefill'))]);
		assert.deepEqual(input.messages, [{ role: 'user', content: [{ text: 'q' }] }]);
	});

	it('refuses a request with nothing from the user, and an empty model id', () => {
		assert.throws(() => map([assistant(text('x')), user(text(' '))]), validation(/no message/));
		assert.throws(() => toLmConverseInput({ modelId: ' ', messages: [user(text('x'))] }), validation(/No model/));
	});

	it('maps a tool round trip to toolUse and toolResult with a toolConfig', () => {
		const { input, toolNames } = map(
			[user(text('Weather in Paris?')), assistant(text('Let me check.'), call('call_1', 'get_weather', { city: 'Paris' })), user(result('call_1', '18°C, sunny'))],
			{ tools: [weather] },
		);
		assert.deepEqual(input.messages?.[1], {
			role: 'assistant',
			content: [{ text: 'Let me check.' }, { toolUse: { toolUseId: 'call_1', name: 'get_weather', input: { city: 'Paris' } } }],
		});
		assert.deepEqual(input.messages?.[2], { role: 'user', content: [{ toolResult: { toolUseId: 'call_1', content: [{ text: '18°C, sunny' }] } }] });
		assert.deepEqual(input.toolConfig, {
			tools: [{ toolSpec: { name: 'get_weather', description: 'Weather for a city', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } } } }],
			toolChoice: { auto: {} },
		});
		assert.equal(toolNames.get('get_weather'), 'get_weather');
	});

	it('moves tool parts to the role Converse requires and tool results before text', () => {
		// A tool call inside a "user" message and a result inside an "assistant" one (as some callers send).
		const { input } = map([user(text('go')), user(call('c1', 'get_weather')), assistant(text('Also:'), result('c1', 'done'))], { tools: [weather] });
		assertConverseValid(input.messages ?? [], input.toolConfig);
		assert.deepEqual(input.messages?.[2]?.content?.map((b) => Object.keys(b)[0]), ['toolResult']);
		// "Also:" (assistant text after the result) is a trailing assistant turn and is dropped.
		const mixed = map([user(text('go')), assistant(call('c1', 'get_weather')), user(text('and then?'), result('c1', 'done'))], { tools: [weather] });
		assert.deepEqual(mixed.input.messages?.[2]?.content, [{ toolResult: { toolUseId: 'c1', content: [{ text: 'done' }] } }, { text: 'and then?' }]);
	});

	it('sends an unanswered tool call, an orphan result and a duplicate result as text', () => {
		const { input } = map(
			[user(text('q')), assistant(call('c1', 'get_weather', { city: 'Oslo' })), user(text('never mind')), assistant(text('ok')), user(result('zz', 'stray'), result('zz', 'again'))],
			{ tools: [weather] },
		);
		assertConverseValid(input.messages ?? [], input.toolConfig);
		assert.match(input.messages?.[1]?.content?.[0]?.text ?? '', /Called tool get_weather \(call c1\) with input \{"city":"Oslo"\}/);
		assert.match(input.messages?.[4]?.content?.[0]?.text ?? '', /Result of tool call zz\]\nstray/);
		assert.match(input.messages?.[4]?.content?.[1]?.text ?? '', /Result of tool call zz\]\nagain/);
	});

	it('without tools on offer, sends the history tool parts as text (Converse needs a toolConfig for tool blocks)', () => {
		const { input } = map([user(text('q')), assistant(call('c1', 'get_weather')), user(result('c1', 'sunny'))]);
		assert.equal(input.toolConfig, undefined);
		assertConverseValid(input.messages ?? [], undefined);
		assert.match(input.messages?.[2]?.content?.[0]?.text ?? '', /sunny/);
	});

	it('toolMode required: forces the only tool, or any tool of several', () => {
		const other: LmTool = { name: 'search', description: '' };
		assert.deepEqual(map([user(text('q'))], { tools: [weather], toolMode: 'required' }).input.toolConfig?.toolChoice, { tool: { name: 'get_weather' } });
		const two = map([user(text('q'))], { tools: [weather, other], toolMode: 'required' }).input.toolConfig;
		assert.deepEqual(two?.toolChoice, { any: {} });
		assert.equal(two?.tools?.[1]?.toolSpec?.description, 'search', 'an empty description becomes the name (Bedrock requires one)');
		assert.deepEqual(two?.tools?.[1]?.toolSpec?.inputSchema?.json, { type: 'object', properties: {} });
	});

	it('renames tools Bedrock would refuse and maps the names back', () => {
		const { input, toolNames } = map([user(text('q')), assistant(call('id.1', 'mcp.files/read')), user(result('id.1', 'x'))], {
			tools: [{ name: 'mcp.files/read', description: 'read' }, { name: 'mcp_files_read', description: 'clash' }],
		});
		const names = input.toolConfig?.tools?.map((t) => t.toolSpec?.name);
		assert.deepEqual(names, ['mcp_files_read', 'mcp_files_read_2']);
		assert.equal(toolNames.get('mcp_files_read'), 'mcp.files/read');
		assert.equal(toolNames.get('mcp_files_read_2'), 'mcp_files_read');
		assert.deepEqual(input.messages?.[1]?.content?.[0]?.toolUse, { toolUseId: 'id_1', name: 'mcp_files_read', input: {} });
		assert.equal(input.messages?.[2]?.content?.[0]?.toolResult?.toolUseId, 'id_1');
		assert.equal(bedrockSafeName('x'.repeat(80)).length, 64);
		assert.equal(bedrockSafeName(''), 'tool');
	});

	it('turns tool input into a JSON object', () => {
		const inputs = [undefined, null, 3, 'text', [1, 2], { a: 1, skip: undefined }];
		const mapped = inputs.map((value) => map([user(text('q')), assistant(call('c', 'get_weather', value)), user(result('c', 'r'))], { tools: [weather] }).input.messages?.[1]?.content?.[0]?.toolUse?.input);
		assert.deepEqual(mapped, [{}, {}, { value: 3 }, { value: 'text' }, { value: [1, 2] }, { a: 1 }]);
		const cyclic: Record<string, unknown> = {};
		cyclic.self = cyclic;
		assert.deepEqual(map([user(text('q')), assistant(call('c', 'get_weather', cyclic)), user(result('c', 'r'))], { tools: [weather] }).input.messages?.[1]?.content?.[0]?.toolUse?.input, { value: '[object Object]' });
	});

	it('maps tool results: images, errors and empty output', () => {
		const { input } = map(
			[
				user(text('q')),
				assistant(call('a', 'get_weather'), call('b', 'get_weather')),
				user({ kind: 'toolResult', callId: 'a', content: [{ kind: 'image', mimeType: 'image/png', data: PNG }], isError: true }, { kind: 'toolResult', callId: 'b', content: [{ kind: 'text', text: ' ' }] }),
			],
			{ tools: [weather] },
		);
		assert.deepEqual(input.messages?.[2]?.content, [
			{ toolResult: { toolUseId: 'a', content: [{ image: { format: 'png', source: { bytes: PNG } } }], status: 'error' } },
			{ toolResult: { toolUseId: 'b', content: [{ text: '(no output)' }] } },
		]);
	});

	it('maps user images by MIME type and refuses what Bedrock would refuse', () => {
		const formats = ['image/png', 'image/jpeg', 'image/jpg', 'IMAGE/GIF', 'image/webp'].map(
			(mimeType) => map([user({ kind: 'image', mimeType, data: PNG }, text('what is it?'))]).input.messages?.[0]?.content?.[0]?.image?.format,
		);
		assert.deepEqual(formats, ['png', 'jpeg', 'jpeg', 'gif', 'webp']);
		assert.throws(() => map([user({ kind: 'image', mimeType: 'image/bmp', data: PNG })]), validation(/PNG, JPEG, GIF and WebP.*image\/bmp/));
		assert.throws(() => map([user({ kind: 'image', mimeType: 'image/png', data: new Uint8Array(0) })]), validation(/empty/));
		assert.throws(() => map([user({ kind: 'image', mimeType: 'image/png', data: new Uint8Array(MAX_IMAGE_BYTES + 1) })]), validation(/3\.75 MB/));
		const many = Array.from({ length: MAX_IMAGES + 1 }, (): LmPart => ({ kind: 'image', mimeType: 'image/png', data: PNG }));
		assert.throws(() => map([user(...many)]), validation(/more than 20 images/));
		assert.equal(map([user(...many.slice(1))]).input.messages?.[0]?.content?.length, MAX_IMAGES);
	});

	it('names an image in an assistant turn instead of sending it (Converse takes images from the user)', () => {
		const { input } = map([user(text('q')), assistant({ kind: 'image', mimeType: 'image/png', data: PNG }), user(text('and?'))]);
		assert.deepEqual(input.messages?.[1]?.content, [{ text: '[image/png image]' }]);
	});

	it('passes max tokens and temperature within Bedrock ranges, ignoring what is not a number', () => {
		assert.deepEqual(map([user(text('q'))], { maxTokens: 100.7, temperature: 3 }).input.inferenceConfig, { maxTokens: 100, temperature: 1 });
		assert.deepEqual(map([user(text('q'))], { maxTokens: 0, temperature: -1 }).input.inferenceConfig, { maxTokens: 1, temperature: 0 });
		assert.equal(map([user(text('q'))], { maxTokens: Number.NaN }).input.inferenceConfig, undefined);
	});

	it('fuzzed message lists map to a valid Converse request or a clear Validation error, never a crash', () => {
		let validCount = 0;
		for (let seed = 1; seed <= 2000; seed++) {
			// mulberry32: a small PRNG whose low bits are usable for `% n`.
			let x = seed;
			const next = (n: number) => {
				x = (x + 0x6d2b79f5) | 0;
				let t = Math.imul(x ^ (x >>> 15), 1 | x);
				t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
				return ((t ^ (t >>> 14)) >>> 0) % n;
			};
			const ids = ['c1', 'c2', 'c.3', ''];
			const parts = (): LmPart[] =>
				Array.from({ length: next(4) }, (): LmPart => {
					switch (next(6)) {
						case 0:
							return text(['', ' ', 'hi', 'more text'][next(4)] as string);
						case 1:
							return call(ids[next(ids.length)] as string, ['get_weather', 'bad name!', ''][next(3)] as string, [{}, 1, null, { a: [1] }][next(4)]);
						case 2:
							return { kind: 'toolResult', callId: ids[next(ids.length)] as string, content: next(2) ? [] : [{ kind: 'text', text: 'r' }], isError: next(2) === 0 };
						case 3:
							return { kind: 'image', mimeType: next(20) ? 'image/png' : 'text/plain', data: next(20) ? PNG : new Uint8Array(0) };
						default:
							return text('word');
					}
				});
			const messages = Array.from({ length: 1 + next(7) }, (): LmMessage => ({ role: (['user', 'assistant', 'user', 'assistant', 'system'] as const)[next(5)] as LmMessage['role'], parts: parts() }));
			const tools = next(2) ? [weather, { name: 'bad name!', description: '' }] : [];
			try {
				const { input } = toLmConverseInput({ modelId: MODEL, messages, tools, toolMode: next(2) ? 'auto' : 'required' });
				assertConverseValid(input.messages ?? [], input.toolConfig);
				validCount++;
			} catch (e) {
				if (e instanceof assert.AssertionError) throw new Error(`seed ${seed}: ${e.message}\n${JSON.stringify(messages)}`, { cause: e });
				assert.ok(isBedrockConnectError(e) && e.code === 'Validation' && e.action, `seed ${seed}: ${String(e)}`);
			}
		}
		assert.ok(validCount > 500, `${validCount} valid requests among the fuzzed ones`);
	});
});
