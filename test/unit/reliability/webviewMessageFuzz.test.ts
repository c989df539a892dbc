// What a compromised or buggy webview can post arrives structured-cloned: JSON-like values,
// own "__proto__" keys, boundary-sized strings. The host's guard must reject all of it without
// throwing or slowing down, and its log description must never echo the content.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describeRejected, isWebviewToHost, LIMITS } from '../../../src/shared/protocol';

const MARKER = 'HOSTILECONTENT';

const knownType = fc.constantFrom('ready', 'send', 'retry', 'stop', 'newChat', 'openConversation', 'deleteConversation', 'selectModel', 'pickModel', 'refreshModels', 'addContext', 'signIn', 'openSettings', 'copy', 'insertCode', 'openCode', 'openLink');

describe('reliability: hostile webview → host messages (guard fuzz)', () => {
	it('rejects JSON with an own "__proto__", "constructor" or "prototype" key, whatever the type (2,000 cases)', () => {
		fc.assert(
			fc.property(knownType, fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.jsonValue(), (type, key, value) => {
				const message = JSON.parse(`{"type":${JSON.stringify(type)},${JSON.stringify(key)}:${JSON.stringify(value ?? null)}}`);
				assert.equal(isWebviewToHost(message), false);
				assert.ok(!describeRejected(message).includes(MARKER));
			}),
			{ numRuns: 2000 },
		);
	});

	it('never throws, and never echoes content, for arbitrary JSON with a known type (3,000 cases)', () => {
		fc.assert(
			fc.property(knownType, fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 4 })), fc.string(), (type, fields, text) => {
				const message = JSON.parse(JSON.stringify({ ...fields, type, hostile: `${MARKER}${text}` }));
				assert.equal(isWebviewToHost(message), false, 'an extra field is never accepted');
				const description = describeRejected(message);
				assert.ok(!description.includes(MARKER), description);
			}),
			{ numRuns: 3000 },
		);
	});

	it('never throws, never accepts junk, never echoes it, for any structured-clone value or near-valid message (10,000 cases)', () => {
		const nearValid = fc
			.tuple(knownType, fc.dictionary(fc.constantFrom('requestId', 'text', 'context', 'id', 'modelId', 'code', 'language', 'url', 'kind', 'title'), fc.anything({ maxDepth: 3 })))
			.map(([type, fields]) => ({ ...fields, type }));
		const hostile = fc.oneof(
			{ weight: 3, arbitrary: nearValid },
			{ weight: 1, arbitrary: fc.anything({ maxDepth: 4, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true }) },
		);
		let accepted = 0;
		fc.assert(
			fc.property(hostile, fc.string(), (message, text) => {
				const marked = message && typeof message === 'object' && !Array.isArray(message) ? { ...message, hostile: `${MARKER}${text}` } : message;
				const ok = isWebviewToHost(marked);
				if (marked !== message) {
					assert.equal(ok, false, 'an extra field is never accepted');
				}
				if (ok) {
					accepted++;
				}
				const description = describeRejected(marked);
				assert.equal(typeof description, 'string');
				assert.ok(!description.includes(MARKER), description);
			}),
			{ numRuns: 10_000 },
		);
		assert.ok(accepted >= 0);
	});

	it('accepts a prompt of exactly the limit and rejects one character more, and 2 MB, in bounded time', () => {
		const at = { type: 'send', requestId: 'r1', text: 'x'.repeat(LIMITS.promptChars), context: [] };
		assert.equal(isWebviewToHost(at), true);
		assert.equal(isWebviewToHost({ ...at, text: at.text + 'x' }), false);
		const started = process.hrtime.bigint();
		assert.equal(isWebviewToHost({ ...at, text: '\u0000'.repeat(2 * 1024 * 1024) }), false);
		assert.equal(isWebviewToHost({ ...at, requestId: 'a'.repeat(1_000_000) }), false);
		assert.equal(isWebviewToHost({ type: 'send', requestId: 'r', text: '', context: new Array(1_000_000).fill({ kind: 'file', label: '', language: '', text: '' }) }), false);
		assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 200, 'no slow path on huge input');
	});

	it('rejects deeply nested values without a stack overflow', () => {
		let nested: unknown = 'leaf';
		for (let i = 0; i < 100_000; i++) nested = { type: 'send', context: [nested] };
		assert.equal(isWebviewToHost(nested), false);
		assert.doesNotThrow(() => describeRejected(nested));
	});
});
