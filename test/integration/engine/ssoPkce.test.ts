// The engine's authorization-code + PKCE sign-in against the emulator through the real
// SSOOIDCClient, with the test playing the browser (fetch): approve, deny, cancel, timeout,
// a forged redirect; the listener on 127.0.0.1 closes after each; refresh as for the device flow.
import * as assert from 'node:assert/strict';
import type { Engine, SsoSignInParams } from '../../../src/aws/engineTypes';
import { visitAuthorizePage, type BrowserVisit } from '../../support/pkceBrowser';
import { START_URL, SSO_REGION, codeOf, sleep, useEngineWorld } from './harness';

const SPEC = { method: 'sso' as const, startUrl: START_URL, ssoRegion: SSO_REGION, accountId: '111111111111', roleName: 'BedrockUser' };

/** Resolves when nothing listens on the address any more. */
async function refusesConnections(url: string): Promise<boolean> {
	try {
		await fetch(url, { signal: AbortSignal.timeout(2_000) });
		return false;
	} catch (error) {
		return /ECONNREFUSED/.test(String((error as { cause?: unknown }).cause ?? error));
	}
}

describe('engine: IAM Identity Center with authorization code + PKCE', function () {
	this.timeout(60_000);
	const world = useEngineWorld();

	beforeEach(() => {
		world.emulator.control.setLifetimes({ accessToken: 3600, roleCredentials: 3600, refreshToken: 8 * 3600 });
		world.emulator.control.resetCounters();
	});

	/** Signs in with `flow`, the "browser" doing `browse` with the address it is sent to. */
	function signInWithBrowser(engine: Engine, browse: (url: string) => Promise<unknown>, extra: Partial<SsoSignInParams> = {}) {
		const opened: string[] = [];
		const browsed: Array<Promise<unknown>> = [];
		const signedIn = engine.signInWithSso({
			startUrl: START_URL,
			ssoRegion: SSO_REGION,
			signal: new AbortController().signal,
			onDeviceCode: () => assert.fail('no device code in the PKCE flow'),
			flow: 'pkce',
			openBrowser: async (url) => {
				opened.push(url);
				browsed.push(browse(url));
				return true;
			},
			...extra,
		});
		return { signedIn, opened, browsed };
	}

	it('signs in through the browser: /authorize with S256 and state, the loopback answers, tokens stored, accounts listed, refresh works', async () => {
		world.emulator.control.setLifetimes({ accessToken: 4, roleCredentials: 3 });
		const { engine } = world.newEngine();
		let visit: BrowserVisit | undefined;
		const { signedIn, opened } = signInWithBrowser(engine, async (url) => (visit = await visitAuthorizePage(url)));
		await signedIn;
		assert.equal(opened.length, 1);
		const url = new URL(opened[0]);
		assert.equal(`${url.origin}${url.pathname}`, `${world.emulator.httpUrl}/authorize`);
		assert.equal(url.searchParams.get('response_type'), 'code');
		assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
		assert.match(url.searchParams.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
		assert.match(url.searchParams.get('state') ?? '', /^[A-Za-z0-9_-]{43}$/);
		assert.equal(url.searchParams.get('scopes'), 'sso:account:access');
		const redirect = new URL(url.searchParams.get('redirect_uri') ?? '');
		assert.equal(redirect.hostname, '127.0.0.1');
		assert.equal(redirect.pathname, '/oauth/callback');
		assert.ok(Number(redirect.port) > 0);
		assert.equal(visit?.callbackStatus, 200);
		assert.match(visit?.callbackText ?? '', /You can close this tab/);
		assert.ok(await refusesConnections(redirect.href), 'the listener closed after its one answer');

		const registration = world.emulator.control.lastRequest('oidc:RegisterClient');
		assert.deepEqual(registration?.params.grantTypes, ['authorization_code', 'refresh_token']);
		assert.deepEqual(registration?.params.redirectUris, ['http://127.0.0.1/oauth/callback']);
		assert.equal(registration?.params.issuerUrl, START_URL);
		assert.equal(world.emulator.control.lastRequest('oidc:CreateToken')?.params.grantType, 'authorization_code');

		assert.equal(await engine.hasSsoToken(START_URL, SSO_REGION), true);
		assert.equal((await engine.listSsoAccounts(START_URL, SSO_REGION)).length, 2);
		const session = engine.openConnection(SPEC, 'us-east-1');
		await session.getIdentity();
		await sleep(4_500); // past the access token's life: the refresh_token grant renews it
		const identity = await session.getIdentity();
		assert.equal(identity.principal.roleName, 'BedrockUser');
		assert.equal(world.emulator.control.lastRequest('oidc:CreateToken')?.params.grantType, 'refresh_token');
		assert.equal(session.expiry().canRefreshSilently, true);
	});

	it('reuses its authorization-code registration, kept apart from the device-code one', async () => {
		const { engine } = world.newEngine();
		await signInWithBrowser(engine, (url) => visitAuthorizePage(url)).signedIn;
		await signInWithBrowser(engine, (url) => visitAuthorizePage(url)).signedIn;
		assert.equal(world.emulator.control.counters()['oidc:RegisterClient'], 1);
		// A device-code sign-in needs a client registered for that grant: its own registration.
		await engine.signInWithSso({
			startUrl: START_URL,
			ssoRegion: SSO_REGION,
			signal: new AbortController().signal,
			flow: 'device',
			onDeviceCode: (info) => void setTimeout(() => world.emulator.control.approveDeviceCode(info.userCode), 10),
		});
		assert.equal(world.emulator.control.counters()['oidc:RegisterClient'], 2);
		assert.equal(world.emulator.control.lastRequest('oidc:RegisterClient')?.params.grantTypes, undefined);
	});

	it('sign-out leaves nothing of a PKCE sign-in in SecretStorage: token and both registrations', async () => {
		const { engine, secrets } = world.newEngine();
		await signInWithBrowser(engine, (url) => visitAuthorizePage(url)).signedIn;
		assert.ok([...secrets.values.keys()].some((k) => k.startsWith('bedrockConnect.sso.registration.')));
		await engine.signOutSso(START_URL, SSO_REGION);
		assert.deepEqual([...secrets.values.keys()], []);
		assert.equal(await engine.hasSsoToken(START_URL, SSO_REGION), false);
	});

	it('reports a denial in the browser as AuthorizationDenied, shows the failure page and closes the listener', async () => {
		const { engine } = world.newEngine();
		let visit: BrowserVisit | undefined;
		const { signedIn, opened, browsed } = signInWithBrowser(engine, async (url) => (visit = await visitAuthorizePage(url, 'deny')));
		await assert.rejects(signedIn, (e: unknown) => codeOf(e) === 'AuthorizationDenied' && /denied in the browser/.test((e as Error).message));
		await Promise.all(browsed);
		assert.equal(visit?.callbackStatus, 400);
		assert.match(visit?.callbackText ?? '', /Sign-in failed/);
		assert.ok(await refusesConnections(new URL(opened[0]).searchParams.get('redirect_uri') ?? ''));
		assert.equal(await engine.hasSsoToken(START_URL, SSO_REGION), false);
	});

	it('refuses a redirect whose state is not ours (a forged or stale answer) and never redeems its code', async () => {
		const { engine } = world.newEngine();
		const { signedIn } = signInWithBrowser(engine, async (url) => {
			const redirect = new URL(url).searchParams.get('redirect_uri') ?? '';
			await fetch(`${redirect}?code=forged-code&state=someone-elses`);
		});
		await assert.rejects(signedIn, (e: unknown) => codeOf(e) === 'AuthorizationDenied' && /state mismatch/.test((e as Error).message));
		assert.equal(world.emulator.control.counters()['oidc:CreateToken'] ?? 0, 0);
	});

	it('a code CreateToken refuses (here: expired before it was redeemed) is AuthorizationDenied and stores nothing', async () => {
		const { engine } = world.newEngine();
		const { signedIn } = signInWithBrowser(engine, async (url) => {
			const visit = await visitAuthorizePage(url, 'approve', { follow: false });
			world.emulator.control.clockSkewSeconds(301); // the code lives five minutes
			await fetch(visit.location ?? '');
		});
		try {
			await assert.rejects(signedIn, (e: unknown) => codeOf(e) === 'AuthorizationDenied' && /refused the authorization code/.test((e as Error).message));
		} finally {
			world.emulator.control.clockSkewSeconds(0);
		}
		assert.equal(world.emulator.control.lastRequest('oidc:CreateToken')?.params.grantType, 'authorization_code');
		assert.equal(await engine.hasSsoToken(START_URL, SSO_REGION), false);
	});

	it('cancelling while the browser is open ends the sign-in as Cancelled and frees the port', async () => {
		const { engine } = world.newEngine();
		const controller = new AbortController();
		const { signedIn, opened } = signInWithBrowser(engine, async () => controller.abort(), { signal: controller.signal });
		await assert.rejects(signedIn, (e: unknown) => codeOf(e) === 'Cancelled');
		assert.ok(await refusesConnections(new URL(opened[0]).searchParams.get('redirect_uri') ?? ''));
	});

	it('gives up with AuthorizationTimedOut when the browser never answers, and frees the port', async () => {
		const { engine } = world.newEngine();
		const { signedIn, opened } = signInWithBrowser(engine, (url) => visitAuthorizePage(url, 'none'), { authorizationTimeoutMs: 500 });
		await assert.rejects(signedIn, (e: unknown) => codeOf(e) === 'AuthorizationTimedOut' && typeof (e as { action?: string }).action === 'string');
		assert.ok(await refusesConnections(new URL(opened[0]).searchParams.get('redirect_uri') ?? ''));
	});

	it('says so when the browser cannot be opened, without waiting', async () => {
		const { engine } = world.newEngine();
		await assert.rejects(
			engine.signInWithSso({ startUrl: START_URL, ssoRegion: SSO_REGION, signal: new AbortController().signal, onDeviceCode: () => undefined, flow: 'pkce', openBrowser: async () => false }),
			(e: unknown) => codeOf(e) === 'AuthorizationDenied' && /could not be opened/.test((e as Error).message),
		);
	});
});
