import * as assert from 'node:assert/strict';
import { describeNetwork } from '../../../../src/aws/network/describeNetwork';
import { CERTIFICATE_TRUST_MESSAGE, ProxyConnectError, isCertificateTrustError, isProxyError, proxyErrorMessage, proxyProblem } from '../../../../src/aws/network/networkErrors';
import { resolveNetworkSettings } from '../../../../src/aws/network/networkSettings';
import { redactUrl, scrubCredentials } from '../../../../src/aws/network/redact';

function nodeError(message: string, fields: Record<string, unknown>): Error {
	return Object.assign(new Error(message), fields);
}

describe('isCertificateTrustError', () => {
	for (const code of ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED']) {
		it(`recognises ${code}, also wrapped in causes`, () => {
			const raw = nodeError('tls failure', { code });
			assert.ok(isCertificateTrustError(raw));
			assert.ok(isCertificateTrustError(new Error('outer', { cause: new Error('middle', { cause: raw }) })));
			assert.ok(isCertificateTrustError(new AggregateError([new Error('x'), raw])));
			assert.ok(isCertificateTrustError({ originalError: raw }));
		});
	}
	it('recognises the text when the code was lost', () => {
		assert.ok(isCertificateTrustError(new Error('Sign-in failed: unable to verify the first certificate')));
	});
	it('does not claim other failures', () => {
		assert.equal(isCertificateTrustError(nodeError('connect ECONNREFUSED', { code: 'ECONNREFUSED' })), false);
		assert.equal(isCertificateTrustError(nodeError("Hostname/IP does not match certificate's altnames", { code: 'ERR_TLS_CERT_ALTNAME_INVALID' })), false);
		assert.equal(isCertificateTrustError(undefined), false);
		const cyclic: { cause?: unknown } = {};
		cyclic.cause = cyclic;
		assert.equal(isCertificateTrustError(cyclic), false);
	});
	it('has the user-facing text', () => {
		assert.match(CERTIFICATE_TRUST_MESSAGE, /not trusted: set AWS_CA_BUNDLE/);
	});
});

describe('isProxyError', () => {
	const settings = resolveNetworkSettings({ env: { HTTPS_PROXY: 'http://bob:s3cret-pw@127.0.0.1:3128' } });
	it('recognises a 407 from the SDK ($metadata) or a plain status', () => {
		assert.equal(proxyProblem(Object.assign(new Error('UnknownError'), { $metadata: { httpStatusCode: 407 } })), 'authentication-required');
		assert.equal(proxyProblem(new Error('wrapped', { cause: { $response: { statusCode: 407 } } })), 'authentication-required');
	});
	it('reads the status of a refused CONNECT (401 from tinyproxy counts as authentication)', () => {
		for (const [status, problem] of [[407, 'authentication-required'], [401, 'authentication-required'], [403, 'refused'], [502, 'refused']] as const) {
			const error = new ProxyConnectError(status, 'x', 'http://127.0.0.1:3128/', 'sts.amazonaws.com:443');
			assert.equal(proxyProblem(new Error('wrapped', { cause: error })), problem);
			assert.match(error.message, /refused the tunnel to sts\.amazonaws\.com:443/);
		}
		assert.equal(proxyProblem(Object.assign(new Error('Unknown'), { $metadata: { httpStatusCode: 401 } })), undefined, 'a service 401 is not a proxy problem');
	});

	it('recognises a refused connection to the proxy, not to the service', () => {
		assert.equal(proxyProblem(nodeError('connect ECONNREFUSED 127.0.0.1:3128', { code: 'ECONNREFUSED', address: '127.0.0.1', port: 3128 }), settings), 'unreachable');
		assert.equal(isProxyError(nodeError('connect ECONNREFUSED 127.0.0.1:443', { code: 'ECONNREFUSED', address: '127.0.0.1', port: 443 }), settings), false);
		assert.equal(isProxyError(nodeError('connect ECONNREFUSED 127.0.0.1:3128', { code: 'ECONNREFUSED', address: '127.0.0.1', port: 3128 })), false, 'needs settings');
	});
	it('explains without the credentials', () => {
		for (const problem of ['authentication-required', 'refused', 'unreachable'] as const) {
			const text = proxyErrorMessage(problem, settings);
			assert.ok(!text.includes('s3cret-pw') && !text.includes('bob'), text);
			assert.match(text, /127\.0\.0\.1:3128/);
		}
	});
});

describe('describeNetwork and redaction', () => {
	it('masks proxy credentials', () => {
		const settings = resolveNetworkSettings({ env: { HTTPS_PROXY: 'http://bob:s3cret@proxy.corp:3128', NO_PROXY: '.internal', AWS_CA_BUNDLE: '/etc/ca.pem' } });
		const text = describeNetwork(settings).join('\n');
		assert.ok(!text.includes('s3cret') && !text.includes('bob'), text);
		assert.match(text, /http:\/\/\*\*\*:\*\*\*@proxy\.corp:3128/);
		assert.match(text, /CA bundle: \/etc\/ca\.pem \(from AWS_CA_BUNDLE\)/);
		assert.match(text, /No proxy for: \.internal/);
	});
	it('says when nothing is configured', () => {
		assert.deepEqual(describeNetwork(resolveNetworkSettings({ env: {} })).length, 2);
	});
	it('redacts URLs and text', () => {
		assert.equal(redactUrl('http://u:p@h:1/'), 'http://***:***@h:1/');
		assert.equal(redactUrl('http://h:1/'), 'http://h:1/');
		assert.equal(redactUrl('not a url user:pw@host'), '***@host');
		assert.equal(scrubCredentials('failed via http://user1:pw%21@h:1 with pw!', 'http://user1:pw%21@h:1'), 'failed via http://***:***@h:1/ with ***');
	});
});
