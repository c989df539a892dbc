// HTTPS_PROXY end to end: Debian's tinyproxy in front of the TLS emulator. Every service goes
// through a CONNECT tunnel (Bedrock Runtime over HTTP/1.1), BasicAuth works, NO_PROXY bypasses.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { useEmulator } from '../emulator/support';
import { describeNetwork } from '../../../src/aws/network/describeNetwork';
import { classifyNetworkError, isCertificateTrustError, isProxyError, proxyErrorMessage, proxyProblem } from '../../../src/aws/network/networkErrors';
import { resolveNetworkSettings } from '../../../src/aws/network/networkSettings';
import { type RunningProxy, startProxy, useProxy } from '../../support/proxyFixtures';
import { tlsFixtures } from '../../support/tlsFixtures';
import { SERVICES, call, clientsFor, failure, visibleText } from './services';

const USER = 'proxyuser';
const PASSWORD = 'Pr0xyS3cretPw42'; // tinyproxy's BasicAuth takes letters and digits only

describe('network: HTTPS_PROXY through tinyproxy to the emulator over TLS', function () {
	const fixtures = tlsFixtures();
	const harness = useEmulator({ tls: { cert: fixtures.cert, key: fixtures.key }, autoApproveAfterPolls: 0 });
	const ports = () => [new URL(harness.emulator.httpUrl).port, new URL(harness.emulator.http2Url).port].map(Number);
	const open = useProxy(() => ({ connectPorts: ports() }));
	const authenticated = useProxy(() => ({ connectPorts: ports(), auth: { user: USER, password: PASSWORD } }));

	function settingsWith(env: Record<string, string | undefined>, vscode?: { proxy?: string; proxyStrictSSL?: boolean; noProxy?: string[] }) {
		return resolveNetworkSettings({ env: { ...process.env, AWS_CA_BUNDLE: fixtures.caPath, ...env }, vscode });
	}

	/** Runs a service and returns the CONNECT targets it made the proxy log. */
	async function connectsOf(proxy: RunningProxy, run: () => Promise<unknown>): Promise<string[]> {
		const before = proxy.connectTargets().length;
		await run();
		return proxy.connectTargets().slice(before);
	}

	it('every service succeeds and tinyproxy logs a CONNECT to the emulator for each; ConverseStream over HTTP/1.1', async () => {
		const { proxy } = open;
		const [httpPort, http2Port] = ports();
		const clients = clientsFor(settingsWith({ HTTPS_PROXY: proxy.url }), harness.emulator);
		try {
			assert.equal(clients.runtimeProtocol, 'http/1.1');
			for (const service of SERVICES) {
				const connects = await connectsOf(proxy, async () => assert.ok((await call(clients, service)).length > 0, service));
				const port = service === 'bedrock-runtime' ? http2Port : httpPort;
				assert.ok(connects.includes(`127.0.0.1:${port}`), `${service}: CONNECTs ${JSON.stringify(connects)}`);
			}
			assert.equal(harness.emulator.control.lastRequest('bedrock:ConverseStream')?.headers[':authority'], undefined, 'ConverseStream came over HTTP/1.1');
		} finally {
			clients.destroy();
		}
	});

	it("VS Code's http.proxy wins over HTTPS_PROXY", async () => {
		const clients = clientsFor(settingsWith({ HTTPS_PROXY: 'http://127.0.0.1:1' }, { proxy: open.proxy.url }), harness.emulator);
		try {
			const connects = await connectsOf(open.proxy, () => call(clients, 'sts'));
			assert.equal(connects.length, 1);
		} finally {
			clients.destroy();
		}
	});

	it('the CA bundle also applies inside the tunnel: without it the proxied call is a certificate-trust error', async () => {
		const clients = clientsFor(settingsWith({ HTTPS_PROXY: open.proxy.url, AWS_CA_BUNDLE: undefined }), harness.emulator);
		try {
			for (const service of ['sts', 'bedrock-runtime'] as const) {
				assert.ok(isCertificateTrustError(await failure(clients, service)), service);
			}
		} finally {
			clients.destroy();
		}
	});

	it('http.proxyStrictSSL off accepts the untrusted certificate through the proxy (as VS Code does)', async () => {
		const clients = clientsFor(settingsWith({ AWS_CA_BUNDLE: undefined }, { proxy: open.proxy.url, proxyStrictSSL: false }), harness.emulator);
		try {
			assert.match(await call(clients, 'sts'), /alice/);
		} finally {
			clients.destroy();
		}
	});

	it('NO_PROXY covering the emulator host: direct connections (h2 for Bedrock Runtime), no CONNECT logged', async () => {
		for (const noProxy of [{ NO_PROXY: '127.0.0.1' }, { no_proxy: '*' }]) {
			const clients = clientsFor(settingsWith({ HTTPS_PROXY: open.proxy.url, ...noProxy }), harness.emulator);
			try {
				assert.equal(clients.runtimeProtocol, 'h2');
				const connects = await connectsOf(open.proxy, async () => {
					for (const service of SERVICES) await call(clients, service);
				});
				assert.deepEqual(connects, [], JSON.stringify(noProxy));
			} finally {
				clients.destroy();
			}
		}
	});

	it('a proxy with BasicAuth: works with the credentials in the URL', async () => {
		const { proxy } = authenticated;
		const clients = clientsFor(settingsWith({ HTTPS_PROXY: proxy.urlWithAuth }), harness.emulator);
		try {
			for (const service of SERVICES) {
				const connects = await connectsOf(proxy, () => call(clients, service));
				assert.ok(connects.length > 0, service);
			}
			// Someone logging the client (or its handler and agents) does not print the password.
			assert.ok(!inspect(clients.sts, { depth: 12 }).includes(PASSWORD), 'the STS client shows the password');
			assert.ok(!inspect(clients.runtime, { depth: 12 }).includes(PASSWORD), 'the runtime client shows the password');
		} finally {
			clients.destroy();
		}
		assert.ok(!proxy.log().includes(PASSWORD), 'tinyproxy does not log the password either');
	});

	it('a proxy with BasicAuth: without credentials every service fails as a 407 proxy error; credentials never shown', async () => {
		const { proxy } = authenticated;
		const settings = settingsWith({ HTTPS_PROXY: proxy.url });
		const clients = clientsFor(settings, harness.emulator);
		try {
			for (const service of SERVICES) {
				const error = await failure(clients, service);
				assert.equal(proxyProblem(error, settings), 'authentication-required', `${service}: ${visibleText(error).slice(0, 300)}`);
				assert.equal((error as { proxyStatus?: number }).proxyStatus, 407, service);
				assert.equal(classifyNetworkError(error, settings)?.kind, 'proxy-authentication', service);
				assert.equal(isCertificateTrustError(error), false);
			}
		} finally {
			clients.destroy();
		}
		// With the credentials in the URL, nothing the user or the log sees contains them.
		const withAuth = settingsWith({ HTTPS_PROXY: proxy.urlWithAuth });
		const shown = [...describeNetwork(withAuth), proxyErrorMessage('authentication-required', withAuth), proxyErrorMessage('unreachable', withAuth)].join('\n');
		for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), USER]) {
			assert.ok(!shown.includes(secret), `${secret} leaked: ${shown}`);
		}
		assert.match(shown, /\*\*\*:\*\*\*@127\.0\.0\.1/);
	});

	it('wrong proxy credentials fail as 407 and the error text does not contain them', async () => {
		const settings = settingsWith({ HTTPS_PROXY: `http://${USER}:wrong-${encodeURIComponent(PASSWORD)}@127.0.0.1:${authenticated.proxy.port}` });
		const clients = clientsFor(settings, harness.emulator);
		try {
			for (const service of SERVICES) {
				const error = await failure(clients, service);
				assert.equal(proxyProblem(error, settings), 'authentication-required', `${service}: ${visibleText(error).slice(0, 1500)}`);
				const text = visibleText(error);
				assert.ok(!text.includes(PASSWORD) && !text.includes(encodeURIComponent(PASSWORD)), `${service} error shows the password`);
			}
		} finally {
			clients.destroy();
		}
	});

	it('a proxy that does not allow the port: every service fails as a refused tunnel (403)', async () => {
		const strict = await startProxy({ connectPorts: [443] });
		try {
			const settings = settingsWith({ HTTPS_PROXY: strict.url });
			const clients = clientsFor(settings, harness.emulator);
			try {
				for (const service of SERVICES) {
					const error = await failure(clients, service);
					assert.equal(proxyProblem(error, settings), 'refused', `${service}: ${visibleText(error).slice(0, 300)}`);
					assert.equal((error as { proxyStatus?: number }).proxyStatus, 403, service);
				}
			} finally {
				clients.destroy();
			}
			assert.ok(strict.connectTargets().length >= SERVICES.length);
		} finally {
			await strict.stop();
		}
	});

	it('a proxy that is not running: every service fails as an unreachable-proxy error', async () => {
		const stopped = await startProxy({ connectPorts: ports() });
		const url = stopped.url;
		await stopped.stop();
		const settings = settingsWith({ HTTPS_PROXY: url });
		const clients = clientsFor(settings, harness.emulator);
		try {
			for (const service of SERVICES) {
				const error = await failure(clients, service);
				assert.equal(proxyProblem(error, settings), 'unreachable', `${service}: ${visibleText(error).slice(0, 300)}`);
				assert.ok(isProxyError(error, settings));
			}
		} finally {
			clients.destroy();
		}
	});
});
