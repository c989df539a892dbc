import * as assert from 'node:assert/strict';
import { checkNetwork } from '../../../../src/aws/network/networkCheck';
import { CERTIFICATE_TRUST_MESSAGE, ProxyConnectError, classifyNetworkError } from '../../../../src/aws/network/networkErrors';
import { resolveNetworkSettings } from '../../../../src/aws/network/networkSettings';
import { RoutingProxyAgent, splitCredentials } from '../../../../src/aws/network/proxyAgent';
import { CaBundleError, clearTrustCache } from '../../../../src/aws/network/trust';
import { tlsFixtures } from '../../../support/tlsFixtures';

describe('checkNetwork (Diagnose)', () => {
	afterEach(() => clearTrustCache());

	it('reports a readable bundle with its certificates', () => {
		const checks = checkNetwork(resolveNetworkSettings({ env: { AWS_CA_BUNDLE: tlsFixtures().caPath } }));
		assert.equal(checks[0].level, 'ok');
		assert.match(checks[0].detail, /1 certificate\(s\) trusted in addition.*CN=Bedrock Connect Test ca/);
	});

	it('warns about expired certificates', () => {
		const checks = checkNetwork(resolveNetworkSettings({ env: { AWS_CA_BUNDLE: tlsFixtures().caPath } }), new Date(Date.now() + 30 * 86_400_000));
		assert.ok(checks.some((check) => check.level === 'warning' && /expired/.test(check.detail)));
	});

	it('errors on a missing bundle', () => {
		const checks = checkNetwork(resolveNetworkSettings({ env: { AWS_CA_BUNDLE: '/nonexistent/corp.pem' } }));
		assert.equal(checks[0].level, 'error');
		assert.match(checks[0].detail, /\/nonexistent\/corp\.pem does not exist/);
	});

	it('describes the proxy without credentials and warns when strict SSL is off', () => {
		const checks = checkNetwork(resolveNetworkSettings({ env: { NO_PROXY: 'internal' }, vscode: { proxy: 'http://bob:hunter22@proxy:8080', proxyStrictSSL: false } }));
		const proxy = checks.find((check) => check.title === 'Proxy');
		assert.equal(proxy?.level, 'warning');
		assert.ok(proxy && !proxy.detail.includes('hunter22') && !proxy.detail.includes('bob'));
		assert.match(proxy?.detail ?? '', /No proxy for: internal/);
	});
});

describe('classifyNetworkError', () => {
	const settings = resolveNetworkSettings({ env: { HTTPS_PROXY: 'http://bob:hunter22@127.0.0.1:3128' } });
	it('names each kind', () => {
		assert.equal(classifyNetworkError(new CaBundleError('missing', '/x.pem', 'The CA bundle /x.pem does not exist.'))?.kind, 'ca-bundle');
		assert.equal(classifyNetworkError(new ProxyConnectError(407, 'Proxy Authentication Required', 'http://***:***@127.0.0.1:3128/', 'a:443'), settings)?.kind, 'proxy-authentication');
		assert.equal(classifyNetworkError(new ProxyConnectError(403, 'Forbidden', 'http://127.0.0.1:3128/', 'a:443'), settings)?.kind, 'proxy-refused');
		const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3128'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 3128 });
		assert.equal(classifyNetworkError(refused, settings)?.kind, 'proxy-unreachable');
		const trust = classifyNetworkError(Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }));
		assert.deepEqual(trust, { kind: 'certificate-trust', message: CERTIFICATE_TRUST_MESSAGE });
		assert.equal(classifyNetworkError(new Error('AccessDenied')), undefined);
	});
	it('says so when the bundle is set but does not help', () => {
		const withBundle = resolveNetworkSettings({ env: { AWS_CA_BUNDLE: '/etc/corp.pem' } });
		const result = classifyNetworkError(Object.assign(new Error('x'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }), withBundle);
		assert.match(result?.message ?? '', /even with the CA bundle \/etc\/corp\.pem \(AWS_CA_BUNDLE\)/);
	});
	it('never shows proxy credentials', () => {
		for (const error of [new ProxyConnectError(407, 'x', 'http://***:***@127.0.0.1:3128/', 'a:443'), Object.assign(new Error('c'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 3128 })]) {
			const message = classifyNetworkError(error, settings)?.message ?? '';
			assert.ok(!message.includes('hunter22') && !message.includes('bob'), message);
		}
	});
});

describe('RoutingProxyAgent', () => {
	it('keeps the credentials out of its URL (https-proxy-agent logs it with DEBUG)', () => {
		assert.deepEqual(splitCredentials('http://proxy:3128'), { url: 'http://proxy:3128/' });
		const split = splitCredentials('http://bob:p%40ss@proxy:3128');
		assert.equal(split.url, 'http://proxy:3128/');
		assert.equal(split.authorization, `Basic ${Buffer.from('bob:p@ss').toString('base64')}`);
		const agent = new RoutingProxyAgent({ proxyUrl: 'http://bob:hunter22@proxy:3128', noProxy: ['.internal'], strictSSL: true });
		assert.equal(agent.proxy.href, 'http://proxy:3128/');
		assert.equal(agent.proxies('a.internal', 443), false);
		assert.equal(agent.proxies('sts.amazonaws.com', 443), true);
		agent.destroy();
	});
});
