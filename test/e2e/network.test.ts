// The packaged extension behind a corporate-style network: the emulator over TLS with a throwaway
// CA (trusted only through AWS_CA_BUNDLE) and every AWS call through tinyproxy (HTTPS_PROXY). Pasted
// keys sign in, the chat streams a reply, and tinyproxy saw the CONNECTs for STS and Bedrock Runtime.
import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { startEmulator, type Emulator } from '../emulator';
import { type RunningProxy, startProxy } from '../support/proxyFixtures';
import { tlsFixtures } from '../support/tlsFixtures';
import { chatFrame, sendChatAndWaitForReply, eventually, readOutputChannel, runCommand, startWorkbench, statusBarItem, waitForText, type Workbench } from './harness';
import { signInWithKeys } from './signin-helpers';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

describe('network: AWS_CA_BUNDLE and HTTPS_PROXY in VS Code', function () {
	const fixtures = tlsFixtures();
	let emulator: Emulator;
	let proxy: RunningProxy;
	let wb: Workbench;
	const ports = () => [new URL(emulator.httpUrl).port, new URL(emulator.http2Url).port].map(Number);

	before(async function () {
		emulator = await startEmulator({ tls: { cert: fixtures.cert, key: fixtures.key } });
		proxy = await startProxy({ connectPorts: ports() });
		wb = await startWorkbench({
			label: 'network',
			env: { ...emulator.env, AWS_REGION: 'us-east-1', AWS_CA_BUNDLE: fixtures.caPath, HTTPS_PROXY: proxy.url, NO_PROXY: undefined, no_proxy: undefined },
			settings: { 'bedrockConnect.region': 'us-east-1', 'bedrockConnect.chat.modelId': HAIKU },
		});
	});

	after(async function () {
		await wb?.stop();
		await proxy?.stop();
		await emulator?.stop();
	});

	it('signs in with pasted keys over TLS through the proxy (STS CONNECT in the proxy log)', async function () {
		assert.match(emulator.env.AWS_ENDPOINT_URL, /^https:/);
		const key = emulator.control.createAccessKey({ userName: 'behind-proxy', accountId: '555555555555' });
		await signInWithKeys(wb.page, key);
		await waitForText(statusBarItem(wb.page), 'behind-proxy · 555555555555');
		const [httpPort] = ports();
		assert.ok(proxy.connectTargets().includes(`127.0.0.1:${httpPort}`), `CONNECTs: ${JSON.stringify(proxy.connectTargets())}`);
		const line = await eventually(async () => /network: CA bundle: .*/.exec(readOutputChannel(wb.server, 'Bedrock Connect'))?.[0], 'the network line in the log');
		assert.ok(line.includes(fixtures.caPath) && line.includes('from HTTPS_PROXY'), line);
	});

	it('streams a chat reply through the proxy (Bedrock Runtime CONNECT in the proxy log)', async function () {
		await runCommand(wb.page, 'Bedrock: Open Chat');
		const chat: Frame = await chatFrame(wb.page);
		const reply = await sendChatAndWaitForReply(chat, 'Hello through the proxy');
		assert.match(reply, /Hello through the proxy/, 'the emulator echoes the prompt');
		const [, http2Port] = ports();
		assert.ok(proxy.connectTargets().includes(`127.0.0.1:${http2Port}`), `CONNECTs: ${JSON.stringify(proxy.connectTargets())}`);
		assert.ok(emulator.control.counters()['bedrock:ConverseStream'] >= 1);
	});
});
