// A certificate-trust failure, an unusable CA bundle and a refusing proxy are their own errors in
// sign-in (engine error mapping), in chat (Bedrock classification) and at client construction.
import assert from 'node:assert/strict';
import { mapAwsError, networkError, networkProblem } from '../../../src/aws/errorMapping';
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
	it('sign-in: an untrusted certificate is its own error with the AWS_CA_BUNDLE message, and keeps the session (Network)', () => {
		for (const mapped of [mapAwsError(untrusted(), 'Checking who you are'), networkError('Could not reach IAM Identity Center in us-east-1', untrusted())]) {
			assert.equal(mapped.message, CERTIFICATE_TRUST_MESSAGE);
			assert.equal(mapped.code, 'Network');
			assert.match(mapped.action ?? '', /AWS_CA_BUNDLE/);
		}
	});

	it('chat: Bedrock classification says the certificate is not trusted, not "could not reach Bedrock"', () => {
		const error = classifyBedrockError(untrusted(), { region: 'us-east-1', operation: 'streaming a reply', authMode: 'sigv4', modelId: 'm' });
		assert.equal(error.message, CERTIFICATE_TRUST_MESSAGE);
		assert.equal(error.code, 'Network');
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
