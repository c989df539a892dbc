// VS Code request messages are read by shape: parts from other extensions and newer VS Code
// (data parts, the System role, prompt-tsx parts) map to the engine's parts or are left out.
import assert from 'node:assert/strict';
import { textForCounting, toLmMessages, toLmPart } from '../../../../src/vscode/nativeChat/requestMessages';
import { familyOf } from '../../../../src/vscode/nativeChat/modelInformation';
import { limitsFor, UNKNOWN_MODEL_LIMITS } from '../../../../src/vscode/nativeChat/modelLimits';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('request messages → LmMessage', () => {
	it('maps every part kind by its shape', () => {
		assert.deepEqual(toLmPart({ value: 'hi' }), { kind: 'text', text: 'hi' });
		assert.deepEqual(toLmPart('plain'), { kind: 'text', text: 'plain' });
		assert.deepEqual(toLmPart({ callId: 'c', name: 'n', input: { a: 1 } }), { kind: 'toolCall', callId: 'c', name: 'n', input: { a: 1 } });
		assert.deepEqual(toLmPart({ callId: 'c', content: [{ value: 'out' }, 'more', { value: { node: 1 } }, { mimeType: 'image/png', data: bytes('p') }, { mimeType: 'text/plain', data: bytes('t') }] }), {
			kind: 'toolResult',
			callId: 'c',
			content: [
				{ kind: 'text', text: 'out' },
				{ kind: 'text', text: 'more' },
				{ kind: 'text', text: '{"node":1}' },
				{ kind: 'image', mimeType: 'image/png', data: bytes('p') },
				{ kind: 'text', text: 't' },
			],
		});
		assert.deepEqual(toLmPart({ mimeType: 'image/jpeg', data: bytes('j') }), { kind: 'image', mimeType: 'image/jpeg', data: bytes('j') });
		assert.deepEqual(toLmPart({ mimeType: 'application/json', data: bytes('{"a":1}') }), { kind: 'text', text: '{"a":1}' });
		assert.equal(toLmPart({ mimeType: 'cache_control', data: bytes('ephemeral') }), undefined, 'markers of other providers are left out');
		assert.equal(toLmPart(42), undefined);
		assert.equal(toLmPart(null), undefined);
	});

	it('maps roles User, Assistant and the newer System; an unknown role is the user', () => {
		const roles = toLmMessages([1, 2, 3, 9].map((role) => ({ role, content: [{ value: 'x' }] }))).map((m) => m.role);
		assert.deepEqual(roles, ['user', 'assistant', 'system', 'user']);
	});

	it('counts what the model reads: text, tool names and inputs, tool results', () => {
		assert.equal(textForCounting({ role: 2, content: [{ value: 'a' }, { callId: 'c', name: 'read', input: { p: 1 } }, { callId: 'c', content: [{ value: 'r' }] }] }), 'a\nread {"p":1}\nr');
	});
});

describe('model families and limits', () => {
	it('names the family without provider, date and version', () => {
		assert.equal(familyOf('anthropic.claude-3-5-haiku-20241022-v1:0'), 'claude-3-5-haiku');
		assert.equal(familyOf('amazon.nova-pro-v1:0'), 'nova-pro');
		assert.equal(familyOf('meta.llama3-3-70b-instruct-v1:0'), 'llama3-3-70b-instruct');
		assert.equal(familyOf('custom'), 'custom');
	});

	it('knows the limits of the main families and claims nothing for an unknown one', () => {
		assert.deepEqual(limitsFor('anthropic.claude-3-5-haiku-20241022-v1:0'), { maxInputTokens: 200_000, maxOutputTokens: 8_192, toolCalling: true, imageInput: false });
		assert.equal(limitsFor('anthropic.claude-opus-4-1-20250805-v1:0').maxOutputTokens, 32_000);
		assert.equal(limitsFor('amazon.nova-pro-v1:0').imageInput, true);
		assert.equal(limitsFor('meta.llama3-2-90b-instruct-v1:0').imageInput, true);
		assert.deepEqual(limitsFor('acme.unknown-v1'), UNKNOWN_MODEL_LIMITS);
		assert.equal(UNKNOWN_MODEL_LIMITS.toolCalling, false);
	});
});
