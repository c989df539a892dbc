// AWS_CA_BUNDLE end to end: the emulator over TLS with a throwaway CA; the real SDK clients with
// the network layer's handlers fail as "certificate not trusted" (code CertificateUntrusted) without
// the CA and work with it.
import assert from 'node:assert/strict';
import { useEmulator } from '../emulator/support';
import { networkProblem } from '../../../src/aws/errorMapping';
import { resolveNetworkSettings } from '../../../src/aws/network/networkSettings';
import { CERTIFICATE_TRUST_MESSAGE, certificateTrustCode, classifyNetworkError, isCertificateTrustError } from '../../../src/aws/network/networkErrors';
import { clearTrustCache } from '../../../src/aws/network/trust';
import { tlsFixtures } from '../../support/tlsFixtures';
import { SERVICES, call, clientsFor, failure } from './services';

describe('network: AWS_CA_BUNDLE against the emulator over TLS', function () {
	const fixtures = tlsFixtures();
	const harness = useEmulator({ tls: { cert: fixtures.cert, key: fixtures.key }, autoApproveAfterPolls: 0 });
	afterEach(() => clearTrustCache());

	it('serves https:// URLs on both listeners', () => {
		assert.match(harness.emulator.env.AWS_ENDPOINT_URL, /^https:\/\/127\.0\.0\.1:\d+$/);
		assert.match(harness.emulator.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME, /^https:\/\/127\.0\.0\.1:\d+$/);
	});

	for (const [label, bundle] of [
		['without a CA bundle', undefined],
		['with an unrelated CA in the bundle', fixtures.otherCaPath],
	] as const) {
		it(`${label}, every service fails and the error is a certificate-trust error`, async () => {
			const settings = resolveNetworkSettings({ env: { ...process.env, AWS_CA_BUNDLE: bundle } });
			const clients = clientsFor(settings, harness.emulator);
			try {
				for (const service of SERVICES) {
					const error = await failure(clients, service);
					assert.ok(isCertificateTrustError(error), `${service}: ${String(error)}`);
					assert.equal(certificateTrustCode(error), 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', service);
					const classified = classifyNetworkError(error, settings);
					assert.equal(classified?.kind, 'certificate-trust', service);
					if (!bundle) assert.equal(classified?.message, CERTIFICATE_TRUST_MESSAGE);
					else assert.match(classified?.message ?? '', /even with the CA bundle/);
					// The error the engine and the chat report: its own code, naming the CA-bundle variable.
					const reported = networkProblem(error, settings);
					assert.equal(reported?.code, 'CertificateUntrusted', service);
					assert.match(reported?.action ?? '', /AWS_CA_BUNDLE/, service);
				}
			} finally {
				clients.destroy();
			}
			assert.deepEqual(harness.emulator.control.counters(), {}, 'no request reached the emulator');
		});
	}

	it('with AWS_CA_BUNDLE = the CA, every service works, Bedrock Runtime over HTTP/2', async () => {
		const settings = resolveNetworkSettings({ env: { ...process.env, AWS_CA_BUNDLE: fixtures.caPath } });
		const clients = clientsFor(settings, harness.emulator);
		try {
			assert.equal(clients.runtimeProtocol, 'h2');
			assert.match(await call(clients, 'sts'), /^arn:aws:iam::111111111111:user\/alice$/);
			assert.ok((await call(clients, 'sso-oidc')).length > 0);
			assert.match(await call(clients, 'sso'), /111111111111/);
			assert.ok(Number(await call(clients, 'bedrock')) > 0);
			assert.match(await call(clients, 'bedrock-runtime'), /hello over the network/);
			assert.ok(harness.emulator.control.lastRequest('bedrock:ConverseStream')?.headers[':authority'], 'ConverseStream came over HTTP/2');
		} finally {
			clients.destroy();
		}
	});

	it("a profile's ca_bundle works the same and wins over a wrong AWS_CA_BUNDLE", async () => {
		const settings = resolveNetworkSettings({ env: { ...process.env, AWS_CA_BUNDLE: fixtures.otherCaPath }, profileCaBundle: fixtures.caPath });
		const clients = clientsFor(settings, harness.emulator);
		try {
			assert.match(await call(clients, 'sts'), /alice/);
			assert.match(await call(clients, 'bedrock-runtime'), /hello/);
		} finally {
			clients.destroy();
		}
	});
});
