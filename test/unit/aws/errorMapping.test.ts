import * as assert from 'node:assert/strict';
import { BedrockConnectError } from '../../../src/aws/errors';
import { isClientFault, isTransientError, mapAwsError } from '../../../src/aws/errorMapping';

const sdkError = (name: string, status?: number, extra: Record<string, unknown> = {}) =>
	Object.assign(new Error(`${name} happened`), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}), ...extra });

describe('error mapping', () => {
	it('treats network, TLS, timeouts, throttling and 5xx as passing trouble', () => {
		for (const e of [
			Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
			Object.assign(new Error('x'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }),
			sdkError('TimeoutError'),
			sdkError('InternalServerException', 500),
			sdkError('Whatever', 503),
			sdkError('ThrottlingException', 429),
			Object.assign(new Error('wrapped'), { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }),
			new BedrockConnectError('Network', 'down'),
		]) {
			assert.equal(isTransientError(e), true, String((e as Error).name));
		}
	});

	it('treats 4xx answers as the request being refused', () => {
		assert.equal(isTransientError(sdkError('InvalidGrantException', 400)), false);
		assert.equal(isClientFault(sdkError('InvalidGrantException', 400)), true);
		assert.equal(isClientFault(sdkError('ThrottlingException', 429)), false);
		assert.equal(isTransientError(new BedrockConnectError('SignInRequired', 'x')), false);
	});

	it('maps STS answers by name to codes with an action', () => {
		const cases: Array<[string, string]> = [
			['ExpiredToken', 'SignInRequired'],
			['InvalidClientTokenId', 'SignInRequired'],
			['AccessDenied', 'AccessDenied'],
			['Throttling', 'Throttled'],
		];
		for (const [name, code] of cases) {
			const mapped = mapAwsError(sdkError(name, 403), 'Checking');
			assert.equal(mapped.code, code, name);
			assert.ok(mapped.action, name);
		}
		assert.equal(mapAwsError(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), 'Checking').code, 'Network');
	});
});
