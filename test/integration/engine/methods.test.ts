import * as assert from 'node:assert/strict';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { SignInSpec } from '../../../src/aws/engineTypes';
import { codeOf, signIn, START_URL, SSO_REGION, useEngineWorld } from './harness';

describe('engine: environment, pasted keys, assume role, Bedrock API key, default chain', function () {
	this.timeout(60_000);
	const world = useEngineWorld({ autoApproveAfterPolls: 0 });

	beforeEach(() => {
		world.emulator.control.setLifetimes({ accessToken: 3600, roleCredentials: 3600 });
		world.emulator.control.resetCounters();
	});

	it('environment: re-reads the variables when the synthetic expiry passes', async () => {
		const env: NodeJS.ProcessEnv = { ...process.env };
		const alice = world.emulator.control.createAccessKey({ userName: 'alice' });
		Object.assign(env, { AWS_ACCESS_KEY_ID: alice.accessKeyId, AWS_SECRET_ACCESS_KEY: alice.secretAccessKey });
		const { engine, clock } = world.newEngine({ env });
		const session = engine.openConnection({ method: 'environment' }, 'us-east-1');
		assert.equal((await session.getIdentity()).principal.name, 'alice');
		const bob = world.emulator.control.createAccessKey({ userName: 'bob' });
		Object.assign(env, { AWS_ACCESS_KEY_ID: bob.accessKeyId, AWS_SECRET_ACCESS_KEY: bob.secretAccessKey });
		clock.advance(16 * 60_000);
		assert.equal((await session.credentials()).accessKeyId, bob.accessKeyId);
		assert.equal(session.expiry().canRefreshSilently, true);
	});

	it('environment: temporary keys recover after expiry once the variables are renewed', async () => {
		const env: NodeJS.ProcessEnv = { ...process.env };
		const first = world.emulator.control.createTemporaryKeys({ ttlSeconds: 3600 });
		Object.assign(env, { AWS_ACCESS_KEY_ID: first.accessKeyId, AWS_SECRET_ACCESS_KEY: first.secretAccessKey, AWS_SESSION_TOKEN: first.sessionToken });
		const { engine } = world.newEngine({ env });
		const session = engine.openConnection({ method: 'environment' }, 'us-east-1');
		await session.getIdentity();
		world.emulator.control.expireAllCredentials();
		const second = world.emulator.control.createTemporaryKeys({ ttlSeconds: 3600 });
		Object.assign(env, { AWS_ACCESS_KEY_ID: second.accessKeyId, AWS_SECRET_ACCESS_KEY: second.secretAccessKey, AWS_SESSION_TOKEN: second.sessionToken });
		// getIdentity sees ExpiredToken, forces one refresh (re-reading env) and succeeds.
		assert.equal((await session.getIdentity()).principal.roleName, 'BedrockUser');
	});

	it('pasted keys: identity, and expired keys ask for a new sign-in', async () => {
		const key = world.emulator.control.createAccessKey({ userName: 'carol' });
		const { engine, clock, secrets } = world.newEngine();
		await engine.saveAccessKeys({ ...key, expiration: new Date(Date.now() + 60 * 60_000) });
		const session = engine.openConnection({ method: 'accessKeys' }, 'us-east-1');
		assert.equal((await session.getIdentity()).principal.name, 'carol');
		const expiry = session.expiry();
		assert.equal(expiry.canRefreshSilently, false);
		assert.ok(expiry.signInExpiresAt);
		clock.advance(61 * 60_000);
		await assert.rejects(session.credentials({ forceRefresh: true }), (e: unknown) => codeOf(e) === 'SignInRequired' && /pasted keys expired/.test((e as Error).message));
		await engine.deleteAccessKeys();
		assert.equal(secrets.values.size, 0);
	});

	it('assume role on pasted keys: external id, default session name, refresh re-assumes with fresh base credentials', async () => {
		const key = world.emulator.control.createAccessKey();
		const { engine, clock } = world.newEngine();
		await engine.saveAccessKeys(key);
		const spec: SignInSpec = { method: 'assumeRole', base: { method: 'accessKeys' }, roleArn: 'arn:aws:iam::222222222222:role/ExternalPartner', externalId: 'bedrock-connect-external', durationSeconds: 900 };
		const session = engine.openConnection(spec, 'us-east-1');
		const all = await Promise.all(Array.from({ length: 50 }, () => session.credentials()));
		assert.equal(new Set(all.map((c) => c.accessKeyId)).size, 1);
		assert.equal(world.emulator.control.counters()['sts:AssumeRole'], 1);
		const identity = await session.getIdentity();
		assert.equal(identity.principal.roleName, 'ExternalPartner');
		assert.match(identity.principal.name, /^bedrock-connect-/);
		clock.advance(13 * 60_000);
		await session.credentials();
		clock.advance(13 * 60_000);
		await session.credentials();
		assert.equal(world.emulator.control.counters()['sts:AssumeRole'], 3);
		world.emulator.control.expireAllCredentials();
		assert.equal((await session.getIdentity()).principal.roleName, 'ExternalPartner');
	});

	it('assume role: a refused role says so, a missing external id too', async () => {
		const key = world.emulator.control.createAccessKey();
		const { engine } = world.newEngine();
		await engine.saveAccessKeys(key);
		const denied = engine.openConnection({ method: 'assumeRole', base: { method: 'accessKeys' }, roleArn: 'arn:aws:iam::222222222222:role/DeniedRole' }, 'us-east-1');
		await assert.rejects(denied.credentials(), (e: unknown) => codeOf(e) === 'AccessDenied' && /DeniedRole/.test((e as Error).message));
		const noExternal = engine.openConnection({ method: 'assumeRole', base: { method: 'accessKeys' }, roleArn: 'arn:aws:iam::222222222222:role/ExternalPartner' }, 'us-east-1');
		await assert.rejects(noExternal.credentials(), (e: unknown) => codeOf(e) === 'AccessDenied' && /external id/.test((e as { action?: string }).action ?? ''));
		assert.throws(() => engine.openConnection({ method: 'assumeRole', base: { method: 'accessKeys' }, roleArn: 'not-an-arn' }, 'us-east-1'), (e: unknown) => codeOf(e) === 'InvalidInput');
	});

	it('assume role with MFA on top of SSO', async () => {
		const { engine } = world.newEngine({ promptMfaCode: async () => '123456' });
		await signIn(engine);
		const spec: SignInSpec = {
			method: 'assumeRole',
			base: { method: 'sso', startUrl: START_URL, ssoRegion: SSO_REGION, accountId: '111111111111', roleName: 'BedrockUser' },
			roleArn: 'arn:aws:iam::222222222222:role/MfaOps',
			mfaSerial: 'arn:aws:iam::111111111111:mfa/alice',
			roleSessionName: 'ops',
		};
		const session = engine.openConnection(spec, 'us-east-1');
		const identity = await session.getIdentity();
		assert.deepEqual([identity.principal.roleName, identity.principal.name], ['MfaOps', 'ops']);
		assert.equal(session.expiry().canRefreshSilently, false);
	});

	it('Bedrock API key: the bearer token is served, SigV4 credentials are refused clearly', async () => {
		const { token } = world.emulator.control.createBedrockApiKey();
		const { engine } = world.newEngine();
		await engine.saveBedrockApiKey(token);
		const session = engine.openConnection({ method: 'bedrockApiKey' }, 'us-east-1');
		assert.equal((await session.bearerToken!()).token, token);
		await assert.rejects(session.credentials(), (e: unknown) => codeOf(e) === 'InvalidInput' && /Bedrock/.test((e as Error).message));
		await assert.rejects(session.getIdentity(), (e: unknown) => codeOf(e) === 'InvalidInput' && /no AWS identity/.test((e as Error).message));
		assert.equal(world.emulator.control.counters()['sts:GetCallerIdentity'], undefined, 'STS was not asked');
		await engine.deleteBedrockApiKey();
		await assert.rejects(session.bearerToken!(), (e: unknown) => codeOf(e) === 'SignInRequired');
	});

	it('an ambient AWS_BEARER_TOKEN_BEDROCK does not change how our clients sign', async () => {
		const key = world.emulator.control.createAccessKey();
		process.env.AWS_BEARER_TOKEN_BEDROCK = world.emulator.control.createBedrockApiKey().token;
		try {
			const { engine } = world.newEngine();
			await engine.saveAccessKeys(key);
			await engine.openConnection({ method: 'accessKeys' }, 'us-east-1').getIdentity();
			assert.equal(world.emulator.control.lastRequest('sts:GetCallerIdentity')?.auth, 'sigv4');
		} finally {
			delete process.env.AWS_BEARER_TOKEN_BEDROCK;
		}
	});

	it('default chain: finds a profile through AWS_PROFILE and refreshes from it', async () => {
		const key = world.emulator.control.createAccessKey({ userName: 'dana' });
		await world.writeCredentials(`[chain]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`);
		await world.writeConfig('[profile chain]\nregion = ap-south-1\n');
		process.env.AWS_PROFILE = 'chain';
		const { engine } = world.newEngine();
		assert.equal(await engine.resolveRegion({ method: 'defaultChain' }), 'ap-south-1');
		const session = engine.openConnection({ method: 'defaultChain' }, 'us-east-1');
		assert.equal((await session.getIdentity()).principal.name, 'dana');
		const sts = new STSClient({ region: 'us-east-1', credentials: session.credentials });
		assert.match((await sts.send(new GetCallerIdentityCommand({}))).Arn ?? '', /user\/dana$/);
		sts.destroy();
	});

	it('default chain with nothing to find says what to do', async () => {
		const { engine } = world.newEngine();
		await assert.rejects(engine.openConnection({ method: 'defaultChain' }, 'us-east-1').credentials(), (e: unknown) => codeOf(e) === 'SignInRequired' && /Diagnose/.test((e as { action?: string }).action ?? ''));
	});

	it('a bad region is refused before anything is called', async () => {
		const { engine } = world.newEngine();
		assert.throws(() => engine.openConnection({ method: 'environment' }, 'moon-1'), (e: unknown) => codeOf(e) === 'InvalidRegion');
		await assert.rejects(engine.resolveRegion({ method: 'environment' }, 'Ireland'), (e: unknown) => codeOf(e) === 'InvalidRegion');
	});

	it('policy: allowed roles and accounts are checked against the real identity', async () => {
		const { engine } = world.newEngine();
		await signIn(engine);
		const identity = await engine.openConnection({ method: 'sso', startUrl: START_URL, ssoRegion: SSO_REGION, accountId: '111111111111', roleName: 'BedrockUser' }, 'us-east-1').getIdentity();
		engine.checkPolicy(identity, { allowedRoles: ['Bedrock*'], allowedAccounts: ['111111111111'] });
		assert.throws(() => engine.checkPolicy(identity, { allowedRoles: ['Admin'], allowedAccounts: [] }), (e: unknown) => codeOf(e) === 'PolicyRefused');
	});
});
