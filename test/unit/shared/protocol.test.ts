// The host's guard on webview messages: well-formed messages pass, everything else (wrong
// types, missing or extra fields, oversized values, junk) is rejected without throwing.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { awaitedRequestId, describeRejected, isWebviewToHost, LIMITS, type WebviewToHost } from '../../../src/shared/protocol';

const requestId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const attachment = fc.record({
	kind: fc.constantFrom('selection' as const, 'file' as const),
	label: fc.string({ maxLength: 50 }),
	language: fc.string({ maxLength: 20 }),
	text: fc.string({ maxLength: 200 }),
});

const validMessage: fc.Arbitrary<WebviewToHost> = fc.oneof(
	fc.record({ type: fc.constant('ready' as const), version: fc.integer() }),
	fc.record({ type: fc.constant('send' as const), requestId, text: fc.string({ maxLength: 500 }), context: fc.array(attachment, { maxLength: LIMITS.contextItems }) }),
	fc.record({ type: fc.constant('retry' as const), requestId }),
	fc.record({ type: fc.constant('stop' as const), requestId }),
	fc.record({ type: fc.constant('newChat' as const) }),
	fc.record({ type: fc.constant('openConversation' as const), conversationId: requestId }),
	fc.record({ type: fc.constant('deleteConversation' as const), conversationId: requestId }),
	fc.record({ type: fc.constant('selectModel' as const), modelId: fc.string({ minLength: 1, maxLength: 100 }) }),
	fc.record({ type: fc.constantFrom('pickModel' as const, 'refreshModels' as const, 'signIn' as const, 'openSettings' as const) }),
	fc.record({ type: fc.constant('addContext' as const), kind: fc.constantFrom('selection' as const, 'file' as const) }),
	fc.record({ type: fc.constant('copy' as const), text: fc.string() }),
	fc.record({ type: fc.constant('insertCode' as const), code: fc.string() }),
	fc.record({ type: fc.constant('openCode' as const), code: fc.string(), language: fc.string({ maxLength: 20 }) }),
	fc.record({ type: fc.constant('openLink' as const), href: fc.string({ minLength: 1, maxLength: 100 }) }),
) as fc.Arbitrary<WebviewToHost>;

const wrongValue = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.object(), fc.array(fc.string()), fc.double());

describe('webview → host message guard', () => {
	it('accepts every well-formed message', () => {
		fc.assert(fc.property(validMessage, (message) => isWebviewToHost(message)), { numRuns: 2000 });
	});

	it('never throws and rejects arbitrary values that are not messages', () => {
		fc.assert(
			fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true, withSet: true }), (value) => {
				const accepted = isWebviewToHost(value);
				// Anything random that happens to be accepted must at least have a known type.
				return !accepted || typeof (value as { type: unknown }).type === 'string';
			}),
			{ numRuns: 3000 },
		);
	});

	it('rejects a valid message with any one field given a wrong-typed value', () => {
		fc.assert(
			fc.property(validMessage, wrongValue, fc.nat(), (message, bad, pick) => {
				const fields = Object.keys(message).filter((k) => k !== 'type');
				fc.pre(fields.length > 0);
				const field = fields[pick % fields.length];
				const value = (message as unknown as Record<string, unknown>)[field];
				fc.pre(typeof bad !== typeof value || Array.isArray(value) !== Array.isArray(bad));
				return !isWebviewToHost({ ...message, [field]: bad });
			}),
			{ numRuns: 2000 },
		);
	});

	it('rejects a valid message missing any one field', () => {
		fc.assert(
			fc.property(validMessage, fc.nat(), (message, pick) => {
				const fields = Object.keys(message);
				const copy: Record<string, unknown> = { ...message };
				delete copy[fields[pick % fields.length]];
				return !isWebviewToHost(copy);
			}),
			{ numRuns: 2000 },
		);
	});

	it('rejects a valid message with an extra field', () => {
		fc.assert(
			fc.property(validMessage, fc.string({ minLength: 1 }), fc.anything(), (message, key, value) => {
				fc.pre(!Object.hasOwn(message, key));
				return !isWebviewToHost({ ...message, [key]: value });
			}),
			{ numRuns: 1000 },
		);
	});

	it('rejects unknown types and prototype keys used as types', () => {
		for (const type of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'SEND', 'send ', '']) {
			assert.equal(isWebviewToHost({ type }), false, type);
		}
	});

	it('rejects request ids that are not plain tokens', () => {
		for (const requestId of ['', 'a b', '../x', 'x'.repeat(65), '<script>']) {
			assert.equal(isWebviewToHost({ type: 'stop', requestId }), false, requestId);
		}
	});

	it('rejects oversized prompts and too many attachments', () => {
		assert.equal(isWebviewToHost({ type: 'send', requestId: 'r1', text: 'x'.repeat(LIMITS.promptChars + 1), context: [] }), false);
		const chip = { kind: 'file', label: 'a.ts', language: 'typescript', text: 'x' };
		assert.equal(isWebviewToHost({ type: 'send', requestId: 'r1', text: 'hi', context: Array(LIMITS.contextItems + 1).fill(chip) }), false);
		assert.equal(isWebviewToHost({ type: 'send', requestId: 'r1', text: 'hi', context: [{ ...chip, kind: 'url' }] }), false);
		assert.equal(isWebviewToHost({ type: 'send', requestId: 'r1', text: 'hi', context: [chip] }), true);
	});

	it('describes rejected messages without their content', () => {
		fc.assert(
			fc.property(fc.string({ minLength: 8 }), (secret) => {
				const description = describeRejected({ type: secret, text: secret });
				return !description.includes(secret);
			}),
		);
		assert.equal(describeRejected({ type: 'send', text: 'AKIAIOSFODNN7EXAMPLE' }), 'type=send, 2 fields');
		assert.equal(describeRejected('hello'), 'non-object (string)');
	});

	it('names the request of a refused send or retry so the host can answer it, and nothing else', () => {
		const oversized = { type: 'send', requestId: 'r-1', text: 'y'.repeat(LIMITS.promptChars + 1), context: [] };
		assert.equal(isWebviewToHost(oversized), false);
		assert.equal(awaitedRequestId(oversized), 'r-1');
		assert.equal(awaitedRequestId({ type: 'retry', requestId: 'r_2', extra: true }), 'r_2');
		assert.equal(awaitedRequestId({ type: 'send', requestId: '<img src=x>', text: '' }), undefined, 'a malformed id is never echoed');
		assert.equal(awaitedRequestId({ type: 'stop', requestId: 'r-1' }), undefined);
		assert.equal(awaitedRequestId(['send']), undefined);
		assert.equal(awaitedRequestId(null), undefined);
	});
});
