// A certificate-trust failure, an unusable CA bundle and a refusing proxy are their own errors in
// sign-in (engine error mapping), in chat (Bedrock classification) and at client construction. An
// untrusted certificate has its own code, CertificateUntrusted, which keeps the session like Network.
import assert from 'node:assert/strict';
import { isTransientError, mapAwsError, networkError, networkProblem } from '../../../src/aws/errorMapping';
import { keepsTokenAfterFailedRefresh } from '../../../src/aws/sso/refreshPolicy';
import { classifyBedrockError } from '../../../src/aws/bedrock/errorClassification';
import { CERTIFICATE_TRUST_MESSAGE, ProxyConnectError } from '../../../src/aws/network/networkErrors';
import { requestHandlerFor } from '../../../src/aws/sdkClients';
import { BedrockClientCache } from '../../../src/aws/bedrock/clientCache';
import type { Connection } from '../../../src/aws/engineTypes';

/** What the SDK throws when Node cannot verify the server's chain (the code on the TLS error). */
function untrusted(): Error {
	const tls = Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
	return Object.assign(new Error('unable to verify the first certificate', { cause: tls }), { name: 'Error', $metadata: {} });
}

describe('network error mapping', () => {
	it('sign-in: an untrusted certificate is its own error (CertificateUntrusted) with the AWS_CA_BUNDLE message, and keeps the session', () => {
		for (const mapped of [mapAwsError(untrusted(), 'Checking who you are'), networkError('Could not reach IAM Identity Center in us-east-1', untrusted())]) {
			assert.equal(mapped.message, CERTIFICATE_TRUST_MESSAGE);
			assert.equal(mapped.code, 'CertificateUntrusted');
			assert.match(mapped.action ?? '', /AWS_CA_BUNDLE/);
			assert.equal(isTransientError(mapped), true, 'passing trouble: the sign-in is kept and retried');
		}
	});

	for (const code of ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED']) {
		it(`${code} (unknown CA, self-signed, expired) is CertificateUntrusted, naming AWS_CA_BUNDLE`, () => {
			const tls = Object.assign(new Error(`TLS: ${code}`), { code });
			const mapped = mapAwsError(Object.assign(new Error('request failed', { cause: tls }), { $metadata: {} }), 'Checking who you are');
			assert.equal(mapped.code, 'CertificateUntrusted');
			assert.match(mapped.action ?? '', /AWS_CA_BUNDLE/);
		});
	}

	it('other TLS and connection failures stay Network (a wrong host name is no CA-bundle matter)', () => {
		assert.equal(mapAwsError(Object.assign(new Error('altname'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), 'Checking').code, 'Network');
		assert.equal(mapAwsError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), 'Checking').code, 'Network');
	});

	it('a failed SSO refresh for an untrusted certificate keeps the still-valid token, like any passing failure', () => {
		const now = Date.parse('2026-12-01T12:00:00Z');
		const record = { issuedAt: new Date(now - 50 * 60_000).toISOString(), expiresAt: new Date(now + 10 * 60_000).toISOString() };
		const refreshFailed = networkError('Could not renew the IAM Identity Center session', untrusted());
		assert.equal(refreshFailed.code, 'CertificateUntrusted');
		assert.equal(keepsTokenAfterFailedRefresh(refreshFailed, record, now, false), true);
	});

	it('chat: Bedrock classification says the certificate is not trusted, not "could not reach Bedrock"', () => {
		const error = classifyBedrockError(untrusted(), { region: 'us-east-1', operation: 'streaming a reply', authMode: 'sigv4', modelId: 'm' });
		assert.equal(error.message, CERTIFICATE_TRUST_MESSAGE);
		assert.equal(error.code, 'CertificateUntrusted');
		assert.match(error.action ?? '', /AWS_CA_BUNDLE/);
		const withBundle = classifyBedrockError(untrusted(), { region: 'us-east-1', operation: 'x', authMode: 'sigv4', network: { noProxy: [], caBundlePath: '/etc/corp.pem', caBundleSource: 'AWS_CA_BUNDLE' } });
		assert.match(withBundle.message, /even with the CA bundle \/etc\/corp\.pem/);
	});

	it('a proxy that wants credentials is named, without its credentials', () => {
		const settings = { noProxy: [], proxy: { url: 'http://bob:s3cretPw@proxy.corp:3128', strictSSL: true }, proxySource: 'HTTPS_PROXY' as const };
		const mapped = networkProblem(new ProxyConnectError(407, 'Proxy Authentication Required', 'http://***:***@proxy.corp:3128/', 'sts:443'), settings);
		assert.equal(mapped?.code, 'Network');
		assert.match(mapped?.message ?? '', /proxy.*407/);
		assert.doesNotMatch(`${mapped?.message} ${mapped?.action}`, /s3cretPw|bob/);
	});

	it('an unusable CA bundle at client construction is a configuration error naming the path', () => {
		const settings = { noProxy: [], caBundlePath: '/nonexistent/corp-ca.pem', caBundleSource: 'AWS_CA_BUNDLE' as const };
		assert.throws(
			() => requestHandlerFor(settings),
			(e: { code?: string; message?: string; name?: string }) => e.name === 'BedrockConnectError' && e.code === 'InvalidConfig' && /\/nonexistent\/corp-ca\.pem does not exist/.test(e.message ?? ''),
		);
		const connection = { region: 'us-east-1', credentials: async () => ({ accessKeyId: 'A', secretAccessKey: 'S', expiration: new Date() }), network: () => settings } as unknown as Connection;
		const cache = new BedrockClientCache(connection);
		try {
			assert.throws(() => cache.runtime('us-east-1'), (e: { code?: string; message?: string }) => e.code === 'InvalidConfig' && /corp-ca\.pem/.test(e.message ?? ''));
			assert.throws(() => cache.control('us-east-1'), (e: { code?: string }) => e.code === 'InvalidConfig');
		} finally {
			cache.dispose();
		}
	});

	it('leaves other errors to the usual mapping', () => {
		assert.equal(networkProblem(Object.assign(new Error('nope'), { name: 'AccessDeniedException' })), undefined);
		assert.equal(mapAwsError(Object.assign(new Error('x'), { code: 'ECONNRESET' }), 'Listing').message, 'Listing failed: Error (ECONNRESET): x');
	});
});
