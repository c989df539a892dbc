import * as assert from 'node:assert/strict';
import { NetworkSettingsError, type NetworkSettingsInput, resolveNetworkSettings } from '../../../../src/aws/network/networkSettings';

describe('resolveNetworkSettings', () => {
	const cases: { name: string; input: NetworkSettingsInput; expect: Record<string, unknown> }[] = [
		{ name: 'nothing set', input: { env: {} }, expect: { caBundlePath: undefined, proxy: undefined, noProxy: [] } },
		{ name: 'AWS_CA_BUNDLE', input: { env: { AWS_CA_BUNDLE: '/etc/corp.pem' } }, expect: { caBundlePath: '/etc/corp.pem', caBundleSource: 'AWS_CA_BUNDLE' } },
		{
			name: 'profile ca_bundle wins over AWS_CA_BUNDLE (as the CLI)',
			input: { env: { AWS_CA_BUNDLE: '/etc/env.pem' }, profileCaBundle: '/etc/profile.pem' },
			expect: { caBundlePath: '/etc/profile.pem', caBundleSource: 'profile ca_bundle' },
		},
		{ name: 'empty AWS_CA_BUNDLE is unset', input: { env: { AWS_CA_BUNDLE: '  ' } }, expect: { caBundlePath: undefined } },
		{ name: '~ expands with homeDir', input: { env: { AWS_CA_BUNDLE: '~/ca.pem' }, homeDir: '/home/a' }, expect: { caBundlePath: '/home/a/ca.pem' } },
		{ name: 'HTTPS_PROXY', input: { env: { HTTPS_PROXY: 'http://proxy:3128' } }, expect: { proxy: { url: 'http://proxy:3128', strictSSL: true }, proxySource: 'HTTPS_PROXY' } },
		{ name: 'lower case wins', input: { env: { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2' } }, expect: { proxySource: 'https_proxy' } },
		{ name: 'HTTP_PROXY as fallback (as VS Code)', input: { env: { HTTP_PROXY: 'http://p:8080' } }, expect: { proxy: { url: 'http://p:8080', strictSSL: true }, proxySource: 'HTTP_PROXY' } },
		{ name: 'HTTPS_PROXY before HTTP_PROXY', input: { env: { HTTP_PROXY: 'http://a:1', HTTPS_PROXY: 'http://b:2' } }, expect: { proxySource: 'HTTPS_PROXY' } },
		{
			name: 'http.proxy wins over env (as VS Code)',
			input: { env: { HTTPS_PROXY: 'http://env:1' }, vscode: { proxy: 'http://vsc:2', proxyStrictSSL: false } },
			expect: { proxy: { url: 'http://vsc:2', strictSSL: false }, proxySource: 'http.proxy' },
		},
		{ name: 'empty http.proxy falls through', input: { env: { HTTPS_PROXY: 'http://env:1' }, vscode: { proxy: '' } }, expect: { proxySource: 'HTTPS_PROXY' } },
		{ name: 'scheme-less proxy gets http://', input: { env: { HTTPS_PROXY: 'proxy.corp:8080' } }, expect: { proxy: { url: 'http://proxy.corp:8080', strictSSL: true } } },
		{ name: 'credentials kept in url', input: { env: { HTTPS_PROXY: 'http://u:p%40ss@proxy:3128' } }, expect: { proxy: { url: 'http://u:p%40ss@proxy:3128', strictSSL: true } } },
		{
			name: 'noProxy: union of http.noProxy, no_proxy, NO_PROXY, deduplicated, lower case',
			input: { env: { NO_PROXY: 'A.com, .b.com', no_proxy: 'a.com' }, vscode: { noProxy: ['c.com', 'x.com,y.com'] } },
			expect: { noProxy: ['c.com', 'x.com', 'y.com', 'a.com', '.b.com'] },
		},
	];
	for (const { name, input, expect } of cases) {
		it(name, () => {
			const settings = resolveNetworkSettings(input);
			for (const [key, value] of Object.entries(expect)) {
				assert.deepEqual((settings as unknown as Record<string, unknown>)[key], value, key);
			}
		});
	}

	for (const bad of ['socks5://proxy:1080', 'http://', 'http://u:secret@[bad']) {
		it(`rejects ${bad.replace('secret', '…')} without echoing it`, () => {
			assert.throws(
				() => resolveNetworkSettings({ env: { HTTPS_PROXY: bad } }),
				(error: unknown) => error instanceof NetworkSettingsError && error.source === 'HTTPS_PROXY' && !error.message.includes('secret'),
			);
		});
	}
});
