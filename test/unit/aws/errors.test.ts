import * as assert from 'node:assert/strict';
import { BedrockConnectError, isBedrockConnectError, isCancellation } from '../../../src/aws/errors';

describe('BedrockConnectError', () => {
	it('is recognised by name and code, so it survives crossing bundles', () => {
		const e = new BedrockConnectError('InvalidRegion', 'No such region.', { action: 'Run "AWS: Select Region…".' });
		assert.equal(isBedrockConnectError(e), true);
		const foreign = Object.assign(new Error('x'), { name: 'BedrockConnectError', code: 'Network' });
		assert.equal(isBedrockConnectError(foreign), true);
		assert.equal(isBedrockConnectError(new Error('plain')), false);
		assert.equal(e.action, 'Run "AWS: Select Region…".');
	});

	it('treats Cancelled and AbortError as cancellation', () => {
		assert.equal(isCancellation(new BedrockConnectError('Cancelled', 'stopped')), true);
		const abort = new Error('aborted');
		abort.name = 'AbortError';
		assert.equal(isCancellation(abort), true);
		assert.equal(isCancellation(new BedrockConnectError('Network', 'down')), false);
	});
});

describe('isCancellation', () => {
	it('recognises every shape of a cancel, and nothing else', () => {
		const E = BedrockConnectError;
		const table: Array<[string, unknown, boolean]> = [
			['our Cancelled', new E('Cancelled', 'Sign-in was cancelled.'), true],
			['another code of ours', new E('Network', 'down'), false],
			['AbortError', Object.assign(new Error('aborted'), { name: 'AbortError' }), true],
			['CanceledError', Object.assign(new Error('cancelled'), { name: 'CanceledError' }), true],
			['Node ABORT_ERR', Object.assign(new Error('aborted'), { code: 'ABORT_ERR' }), true],
			['plain object AbortError', { name: 'AbortError' }, true],
			['other error', new Error('boom'), false],
			['undefined', undefined, false],
			['string', 'AbortError', false],
		];
		for (const [name, error, expected] of table) {
			assert.equal(isCancellation(error), expected, name);
		}
	});
});
