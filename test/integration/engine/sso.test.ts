import * as assert from 'node:assert/strict';
import { isBedrockConnectError } from '../../../src/aws/errors';
import { START_URL, SSO_REGION, codeOf, signIn, sleep, useEngineWorld } from './harness';

const SPEC = { method: 'sso' as const, startUrl: START_URL, ssoRegion: SSO_REGION, accountId: '111111111111', roleName: 'BedrockUser' };

describe('engine: IAM Identity Center', function () {
	this.timeout(60_000);
	const world = useEngineWorld({ autoApproveAfterPolls: 1 });

	beforeEach(() => {
		world.emulator.control.setLifetimes({ accessToken: 3600, roleCredentials: 3600, refreshToken: 8 * 3600 });
		world.emulator.control.resetCounters();
	});

	it('signs in with the device flow, lists accounts and roles, and shows the permission set', async () => {
		const { engine, secrets } = world.newEngine();
		const shown: string[] = [];
		await engine.signInWithSso({ startUrl: START_URL, ssoRegion: SSO_REGION, signal: new AbortController().signal, onDeviceCode: (i) => shown.push(i.userCode) });
		assert.equal(shown.length, 1);
		assert.equal(await engine.hasSsoToken(START_URL, SSO_REGION), true);
		assert.ok([...secrets.values.values()].every((v) => JSON.parse(v).v === 1));
		const accounts = await engine.listSsoAccounts(START_URL, SSO_REGION);
		assert.deepEqual(accounts.map((a) => a.accountId).sort(), ['111111111111', '222222222222']);
		assert.deepEqual(await engine.listSsoRoles(START_URL, SSO_REGION, '111111111111'), ['BedrockUser', 'ReadOnly']);
		const session = engine.openConnection(SPEC, 'eu-central-1');
		const identity = await session.getIdentity();
		assert.equal(identity.principal.kind, 'ssoPermissionSet');
		assert.equal(identity.principal.roleName, 'BedrockUser');
		assert.equal(identity.accountId, '111111111111');
		// Role credentials come from the SSO region even though the session region differs.
		assert.equal(world.emulator.control.lastRequest('sts:GetCallerIdentity')?.region, 'eu-central-1');
		const expiry = session.expiry();
		assert.equal(expiry.canRefreshSilently, true);
		assert.ok(expiry.credentialsExpireAt && expiry.credentialsExpireAt.getTime() > Date.now());
	});

	it('reuses the client registration on the next sign-in', async () => {
		const { engine } = world.newEngine();
		await signIn(engine);
		await signIn(engine);
		assert.equal(world.emulator.control.counters()['oidc:RegisterClient'], 1);
	});

	it('refreshes token and role credentials by itself across two expiry windows', async () => {
		world.emulator.control.setLifetimes({ accessToken: 4, roleCredentials: 3 });
		const { engine } = world.newEngine();
		await signIn(engine);
		const session = engine.openConnection(SPEC, 'us-east-1');
		let changes = 0;
		session.onDidChange(() => changes++);
		for (let window = 0; window < 3; window++) {
			const identity = await session.getIdentity();
			assert.equal(identity.principal.roleName, 'BedrockUser');
			await sleep(3_300);
		}
		const counters = world.emulator.control.counters();
		assert.ok(counters['sso:GetRoleCredentials'] >= 3, `GetRoleCredentials ${counters['sso:GetRoleCredentials']}`);
		assert.ok(counters['oidc:CreateToken'] >= 3, `CreateToken ${counters['oidc:CreateToken']} (1 sign-in + refreshes)`);
		assert.ok(changes >= 3);
		assert.equal(session.expiry().canRefreshSilently, true);
	});

	it('fetches role credentials once for 50 concurrent callers', async () => {
		const { engine } = world.newEngine();
		await signIn(engine);
		world.emulator.control.resetCounters();
		const session = engine.openConnection(SPEC, 'us-east-1');
		const all = await Promise.all(Array.from({ length: 50 }, () => session.credentials()));
		assert.equal(new Set(all.map((c) => c.accessKeyId)).size, 1);
		assert.equal(world.emulator.control.counters()['sso:GetRoleCredentials'], 1);
	});

	it('recovers by itself after every credential expired server-side', async () => {
		const { engine } = world.newEngine();
		await signIn(engine);
		const session = engine.openConnection(SPEC, 'us-east-1');
		await session.getIdentity();
		world.emulator.control.expireAllCredentials();
		const identity = await session.getIdentity();
		assert.equal(identity.principal.roleName, 'BedrockUser');
		assert.deepEqual((await engine.listSsoAccounts(START_URL, SSO_REGION)).length, 2);
	});

	it('asks for a new sign-in only when the refresh token is refused', async () => {
		world.emulator.control.setLifetimes({ accessToken: 2, roleCredentials: 2 });
		const { engine } = world.newEngine();
		await signIn(engine);
		const session = engine.openConnection(SPEC, 'us-east-1');
		await session.credentials();
		world.emulator.control.revokeRefreshTokens();
		await sleep(2_200);
		await assert.rejects(session.getIdentity(), (e: unknown) => isBedrockConnectError(e) && e.code === 'SignInRequired' && /invalid_grant/.test(e.message) && !!e.action);
		assert.equal(session.expiry().canRefreshSilently, false);
		assert.equal(await engine.hasSsoToken(START_URL, SSO_REGION), false);
	});

	it('keeps the session through a token-service outage', async () => {
		world.emulator.control.setLifetimes({ accessToken: 2, roleCredentials: 2 });
		const { engine } = world.newEngine();
		await signIn(engine);
		const session = engine.openConnection(SPEC, 'us-east-1');
		await session.credentials();
		world.emulator.control.failWith('oidc:CreateToken', 500, 20);
		await sleep(2_200); // the background refresh fails too
		await assert.rejects(session.credentials({ forceRefresh: true }), (e: unknown) => codeOf(e) === 'Network');
		assert.equal(await engine.hasSsoToken(START_URL, SSO_REGION), true, 'still signed in');
		assert.equal(session.expiry().canRefreshSilently, true);
		world.emulator.control.clearFaults();
		assert.equal((await session.getIdentity()).principal.roleName, 'BedrockUser');
	});

	it('two windows sharing one secret store both stay signed in while refresh tokens rotate', async () => {
		world.emulator.control.setLifetimes({ accessToken: 3, roleCredentials: 3 });
		const first = world.newEngine();
		await signIn(first.engine);
		// One store, as VS Code's SecretStorage is for all windows of a profile.
		const second = world.newEngine({ secrets: first.secrets });
		assert.equal(await second.engine.hasSsoToken(START_URL, SSO_REGION), true);
		for (let round = 0; round < 3; round++) {
			await sleep(2_600);
			for (const { engine } of [first, second]) {
				assert.equal((await engine.listSsoAccounts(START_URL, SSO_REGION)).length, 2);
			}
		}
		assert.equal(await first.engine.hasSsoToken(START_URL, SSO_REGION), true);
		assert.equal(await second.engine.hasSsoToken(START_URL, SSO_REGION), true);
		if (process.env.SHOW_SSO_LOG) {
			console.log(first.logger.lines.filter((l) => l.includes('[sso]')), second.logger.lines.filter((l) => l.includes('[sso]')), world.emulator.control.counters());
		}
	});

	it('rejects a bad start URL and a bad region before calling anything', async () => {
		const { engine } = world.newEngine();
		world.emulator.control.resetCounters();
		const signal = new AbortController().signal;
		await assert.rejects(engine.signInWithSso({ startUrl: 'http://d-1.awsapps.com/start', ssoRegion: SSO_REGION, signal, onDeviceCode: () => undefined }), (e: unknown) => codeOf(e) === 'InvalidStartUrl');
		await assert.rejects(engine.signInWithSso({ startUrl: START_URL, ssoRegion: 'useast1', signal, onDeviceCode: () => undefined }), (e: unknown) => codeOf(e) === 'InvalidRegion');
		assert.throws(() => engine.openConnection({ ...SPEC, accountId: '42' }, 'us-east-1'), (e: unknown) => codeOf(e) === 'InvalidInput');
		assert.deepEqual(world.emulator.control.counters(), {});
	});

	it('reports a denied device code, and a cancelled sign-in', async () => {
		const { engine } = world.newEngine();
		world.emulator.control.denyNextDeviceCode();
		await assert.rejects(signIn(engine), (e: unknown) => codeOf(e) === 'DeviceCodeDenied');
		const controller = new AbortController();
		const pending = engine.signInWithSso({ startUrl: START_URL, ssoRegion: SSO_REGION, signal: controller.signal, onDeviceCode: () => setTimeout(() => controller.abort(), 50) });
		await assert.rejects(pending, (e: unknown) => codeOf(e) === 'Cancelled');
	});

	it('says which role is not assigned', async () => {
		const { engine } = world.newEngine();
		await signIn(engine);
		const session = engine.openConnection({ ...SPEC, accountId: '222222222222', roleName: 'ReadOnly' }, 'us-east-1');
		await assert.rejects(session.credentials(), (e: unknown) => codeOf(e) === 'AccessDenied' && /ReadOnly/.test((e as Error).message));
	});

	it('signs out: the token is gone and the portal no longer accepts it', async () => {
		const { engine, secrets } = world.newEngine();
		await signIn(engine);
		await engine.signOutSso(START_URL, SSO_REGION);
		assert.equal(await engine.hasSsoToken(START_URL, SSO_REGION), false);
		assert.equal(secrets.values.size, 0);
		await assert.rejects(engine.listSsoAccounts(START_URL, SSO_REGION), (e: unknown) => codeOf(e) === 'SignInRequired');
	});
});
