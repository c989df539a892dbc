import * as assert from 'node:assert/strict';
import { matchesNoProxy, parseNoProxy } from '../../../../src/aws/network/noProxy';

describe('matchesNoProxy', () => {
	const table: [host: string, port: number | undefined, noProxy: string, bypass: boolean][] = [
		['sts.amazonaws.com', 443, '', false],
		['anything', 443, '*', true],
		['sts.amazonaws.com', 443, 'sts.amazonaws.com', true],
		['STS.AmazonAWS.com', 443, 'sts.amazonaws.com', true],
		['sts.amazonaws.com.', 443, 'sts.amazonaws.com', true],
		['sts.us-east-1.amazonaws.com', 443, '.amazonaws.com', true],
		['sts.us-east-1.amazonaws.com', 443, 'amazonaws.com', true],
		['amazonaws.com', 443, '.amazonaws.com', true],
		['notamazonaws.com', 443, 'amazonaws.com', false],
		['notamazonaws.com', 443, '.amazonaws.com', false],
		['x.example.com', 443, '*.example.com', true],
		['localhost', 443, 'localhost:443', true],
		['localhost', 8443, 'localhost:443', false],
		['127.0.0.1', 4566, '127.0.0.1', true],
		['127.0.0.1', 4566, '127.0.0.1:4566', true],
		['127.0.0.1', 4567, '127.0.0.1:4566', false],
		['127.0.0.2', 443, '127.0.0.1', false],
		['10.1.2.3', 443, '10.0.0.0/8', true],
		['11.1.2.3', 443, '10.0.0.0/8', false],
		['::1', 443, '::1', true],
		['[::1]', 443, '[::1]:443', true],
		['::1', 80, '[::1]:443', false],
		// Loopback is not bypassed implicitly (curl and botocore behave the same).
		['localhost', 443, 'example.com', false],
		['127.0.0.1', 443, 'localhost', false],
		['a.b.com', 443, 'x.com, b.com', true],
		['b.com', 443, ' , ', false],
	];
	for (const [host, port, noProxy, bypass] of table) {
		it(`${host}:${port} with NO_PROXY="${noProxy}" → ${bypass ? 'direct' : 'proxy'}`, () => {
			assert.equal(matchesNoProxy(host, port, parseNoProxy(noProxy)), bypass);
		});
	}

	it('parses separators and case', () => {
		assert.deepEqual(parseNoProxy(' A.com,b.com  c.com,,'), ['a.com', 'b.com', 'c.com']);
		assert.deepEqual(parseNoProxy(undefined), []);
	});
});
