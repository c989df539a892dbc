import * as assert from 'node:assert/strict';
import { isBedrockConnectError } from '../../../../src/aws/errors';
import { chooseAndRunSignIn } from '../../../../src/aws/sso/signInFlow';
import { SsoTokenStore } from '../../../../src/aws/sso/tokenStore';
import { FakeClock } from '../../../support/fakeClock';
import { FakeOidc, grant } from '../../../support/fakeOidc';
import { MemorySecretStore } from '../../../support/memorySecretStore';
import { RecordingLogger } from '../../../support/recordingLogger';

const START_URL = 'https://d-1234567890.awsapps.com/start';
/** TEST-NET-1: never an address of this machine, so binding fails as on a host without loopback. */
const UNBINDABLE = '192.0.2.1';

function deps(oidc: FakeOidc, loopbackHost?: string) {
	return { oidc, store: new SsoTokenStore(new MemorySecretStore()), clock: new FakeClock(), logger: new RecordingLogger(), ...(loopbackHost ? { loopbackHost } : {}) };
}

describe('sign-in flow choice (device, pkce, pkceOrDevice)', () => {
	it('pkceOrDevice signs in with a device code when no loopback port can be opened', async () => {
		const oidc = new FakeOidc();
		oidc.defaultOutcome = grant();
		const shown: string[] = [];
		const d = deps(oidc, UNBINDABLE);
		const signingIn = chooseAndRunSignIn(
			{ startUrl: START_URL, ssoRegion: 'us-east-1', signal: new AbortController().signal, flow: 'pkceOrDevice', openBrowser: async () => assert.fail('no browser'), onDeviceCode: (i) => shown.push(i.userCode) },
			d,
		);
		await d.clock.advance(5_000);
		const record = await signingIn;
		assert.deepEqual(shown, ['ABCD-EFGH']);
		assert.equal(record.accessToken, (oidc.defaultOutcome as { accessToken: string }).accessToken);
		assert.deepEqual(oidc.tokenCalls.map((c) => c.grantType), ['urn:ietf:params:oauth:grant-type:device_code']);
		assert.ok(d.logger.lines.some((line) => /device code instead/.test(line)));
	});

	it('pkce (chosen explicitly) reports LoopbackUnavailable instead of switching flows', async () => {
		const oidc = new FakeOidc();
		await assert.rejects(
			chooseAndRunSignIn({ startUrl: START_URL, ssoRegion: 'us-east-1', signal: new AbortController().signal, flow: 'pkce', openBrowser: async () => true, onDeviceCode: () => assert.fail('no device code') }, deps(oidc, UNBINDABLE)),
			(e: unknown) => isBedrockConnectError(e) && e.code === 'LoopbackUnavailable',
		);
		assert.equal(oidc.deviceAuthorizations, 0);
	});

	it('pkce registers an authorization-code client and redeems the code with the verifier and the same redirect URI', async () => {
		const oidc = new FakeOidc();
		oidc.defaultOutcome = grant();
		const record = await chooseAndRunSignIn(
			{
				startUrl: START_URL,
				ssoRegion: 'us-east-1',
				signal: new AbortController().signal,
				flow: 'pkce',
				onDeviceCode: () => assert.fail('no device code'),
				openBrowser: async (address) => {
					const url = new URL(address);
					void fetch(`${url.searchParams.get('redirect_uri')}?code=abc&state=${url.searchParams.get('state')}`);
					return true;
				},
			},
			deps(oidc),
		);
		assert.ok(record.accessToken);
		assert.deepEqual(oidc.registerInputs[0].grantTypes, ['authorization_code', 'refresh_token']);
		assert.deepEqual(oidc.registerInputs[0].redirectUris, ['http://127.0.0.1/oauth/callback']);
		assert.equal(oidc.registerInputs[0].issuerUrl, START_URL);
		const call = oidc.authCodeCalls[0];
		assert.equal(call.code, 'abc');
		assert.match(call.redirectUri, /^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
		assert.match(call.codeVerifier, /^[A-Za-z0-9_-]{86}$/);
	});

	it('device is the default', async () => {
		const oidc = new FakeOidc();
		oidc.defaultOutcome = grant();
		const d = deps(oidc);
		const signingIn = chooseAndRunSignIn({ startUrl: START_URL, ssoRegion: 'us-east-1', signal: new AbortController().signal, onDeviceCode: () => undefined }, d);
		await d.clock.advance(5_000);
		await signingIn;
		assert.equal(oidc.deviceAuthorizations, 1);
		assert.equal(oidc.registerInputs[0].grantTypes, undefined);
	});
});
