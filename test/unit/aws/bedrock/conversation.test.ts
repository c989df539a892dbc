import * as assert from 'node:assert/strict';
import type { ChatTurn } from '../../../../src/aws/bedrock/bedrockTypes';
import { normaliseTurns, toConverseMessages, toConverseStreamInput } from '../../../../src/aws/bedrock/conversation';
import { isBedrockConnectError } from '../../../../src/aws/errors';

const u = (text: string): ChatTurn => ({ role: 'user', text });
const a = (text: string): ChatTurn => ({ role: 'assistant', text });
const shape = (turns: ChatTurn[]) => toConverseMessages(turns).map((m) => `${m.role}:${m.content?.[0]?.text}`);

describe('toConverseMessages', () => {
	const table: Array<[string, ChatTurn[], string[]]> = [
		['a single question', [u('hi')], ['user:hi']],
		['a normal exchange', [u('hi'), a('hello'), u('how?')], ['user:hi', 'assistant:hello', 'user:how?']],
		['two user turns in a row (after a failed reply) merged', [u('one'), u('two')], ['user:one\n\ntwo']],
		['an empty assistant turn dropped, users merged', [u('one'), a('  '), u('two')], ['user:one\n\ntwo']],
		['a leading assistant greeting dropped', [a('Welcome!'), u('hi')], ['user:hi']],
		['a trailing assistant turn dropped', [u('hi'), a('partial')], ['user:hi']],
		['consecutive assistant turns merged', [u('q'), a('part 1'), a('part 2'), u('more')], ['user:q', 'assistant:part 1\n\npart 2', 'user:more']],
	];
	for (const [what, turns, expected] of table) {
		it(`handles ${what}`, () => assert.deepEqual(shape(turns), expected));
	}

	it('always alternates roles starting with the user (property over random histories)', () => {
		const roles: ChatTurn['role'][] = ['user', 'assistant'];
		for (let seed = 1; seed < 500; seed++) {
			let x = seed;
			const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
			const turns: ChatTurn[] = Array.from({ length: next() % 8 }, () => ({ role: roles[next() % 2] ?? 'user', text: next() % 4 === 0 ? ' ' : 't' }));
			let messages;
			try {
				messages = toConverseMessages(turns);
			} catch (e) {
				assert.ok(isBedrockConnectError(e) && e.code === 'Validation');
				assert.ok(!turns.some((t) => t.role === 'user' && t.text.trim() !== ''), 'only throws when there is no user text');
				continue;
			}
			assert.equal(messages[0]?.role, 'user');
			assert.equal(messages.at(-1)?.role, 'user');
			messages.forEach((m, i) => i > 0 && assert.notEqual(m.role, messages[i - 1]?.role));
			for (const m of messages) assert.notEqual(m.content?.[0]?.text?.trim(), '');
		}
	});

	it('refuses a history with nothing from the user', () => {
		assert.throws(() => toConverseMessages([a('hello'), u('   ')]), (e: unknown) => isBedrockConnectError(e) && e.code === 'Validation');
	});
});

describe('normaliseTurns', () => {
	const table: Array<[string, ChatTurn[], ChatTurn[]]> = [
		['nothing', [], []],
		['only blank or assistant turns', [a('hello'), u('  ')], []],
		['a user turn between blanks', [u(' '), u('q'), a('')], [u('q')]],
		['user turns around an empty reply merged', [u('a'), a(''), u('b')], [u('a\n\nb')]],
	];
	for (const [what, turns, expected] of table) {
		it(`handles ${what}`, () => assert.deepEqual(normaliseTurns(turns), expected));
	}

	it('leaves the turns it was given as they were', () => {
		const turns = [u('one'), u('two')];
		normaliseTurns(turns);
		assert.deepEqual(turns, [u('one'), u('two')]);
	});
});

describe('toConverseStreamInput', () => {
	it('puts the system prompt in system and the settings in inferenceConfig', () => {
		const input = toConverseStreamInput({ modelId: ' us.amazon.nova-pro-v1:0 ', messages: [u('hi')], system: 'Be brief.', maxTokens: 512, temperature: 0.2 });
		assert.equal(input.modelId, 'us.amazon.nova-pro-v1:0');
		assert.deepEqual(input.system, [{ text: 'Be brief.' }]);
		assert.deepEqual(input.inferenceConfig, { maxTokens: 512, temperature: 0.2 });
	});

	it('leaves out an empty system prompt and unset settings', () => {
		const input = toConverseStreamInput({ modelId: 'm', messages: [u('hi')], system: '  ' });
		assert.equal(input.system, undefined);
		assert.equal(input.inferenceConfig, undefined);
	});

	it('keeps temperature within what Bedrock accepts', () => {
		assert.equal(toConverseStreamInput({ modelId: 'm', messages: [u('hi')], temperature: 3 }).inferenceConfig?.temperature, 1);
	});

	it('refuses a missing model id with a Validation error', () => {
		assert.throws(() => toConverseStreamInput({ modelId: '', messages: [u('hi')] }), (e: unknown) => isBedrockConnectError(e) && e.code === 'Validation');
	});
});
