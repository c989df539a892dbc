// A source that is re-read can come back as someone else (keys swapped in the credentials
// file, sso_account_id edited): the new identity is asked for before its keys are served,
// refused when the allowed-accounts policy does not allow it, and followed otherwise.
import * as assert from 'node:assert/strict';
import type { AccessPolicy } from '../../../src/aws/engineTypes';
import { ssoProfileConfig } from '../../support/ssoProfileConfig';
import { codeOf, signIn, useEngineWorld } from './harness';

describe('engine: an identity that changes under a live sign-in', function () {
	this.timeout(60_000);
	const world = useEngineWorld({ autoApproveAfterPolls: 0 });
	const ALLOW_111: AccessPolicy = { allowedRoles: [], allowedAccounts: ['111111111111'] };

	beforeEach(() => {
		world.emulator.control.setLifetimes({ accessToken: 3600, roleCredentials: 3600 });
	});

	async function profileWithKeysOf(accountId: string, userName: string): Promise<string> {
		const key = world.emulator.control.createAccessKey({ accountId, userName });
		await world.writeCredentials(`[dev]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`);
		return key.accessKeyId;
	}

	it('keys swapped to another account mid-session: with allowedAccounts the next credential use is refused', async () => {
		await world.writeConfig('[profile dev]\nregion = us-east-1\n');
		await profileWithKeysOf('111111111111', 'alice');
		const { engine, clock } = world.newEngine();
		const session = engine.openConnection({ method: 'profile', profile: 'dev' }, 'us-east-1', { policy: () => ALLOW_111 });
		assert.equal((await session.getIdentity()).accountId, '111111111111');
		await profileWithKeysOf('222222222222', 'mallory');
		clock.advance(16 * 60_000); // past the re-read time of static keys
		await assert.rejects(session.credentials(), (e: unknown) => codeOf(e) === 'PolicyRefused' && /222222222222/.test(String((e as Error).message)));
		assert.equal(codeOf(session.refusal?.()), 'PolicyRefused');
		// For good: neither a forced refresh nor STS through the Connection gets keys again.
		await assert.rejects(session.credentials({ forceRefresh: true }), (e: unknown) => codeOf(e) === 'PolicyRefused');
		await assert.rejects(session.getIdentity(), (e: unknown) => codeOf(e) === 'PolicyRefused');
		assert.equal(session.expiry().canRefreshSilently, false);
		assert.equal(session.currentIdentity?.()?.accountId, '111111111111', 'the refused identity is never reported as current');
	});

	it('without a policy the identity follows the keys, and a change event tells the status bar', async () => {
		await world.writeConfig('[profile dev]\nregion = us-east-1\n');
		await profileWithKeysOf('111111111111', 'alice');
		const { engine, clock } = world.newEngine();
		const session = engine.openConnection({ method: 'profile', profile: 'dev' }, 'us-east-1', { policy: () => ({ allowedRoles: [], allowedAccounts: [] }) });
		await session.getIdentity();
		let changes = 0;
		session.onDidChange(() => changes++);
		const swapped = await profileWithKeysOf('222222222222', 'mallory');
		clock.advance(16 * 60_000);
		assert.equal((await session.credentials()).accessKeyId, swapped);
		assert.equal(session.currentIdentity?.()?.arn, 'arn:aws:iam::222222222222:user/mallory');
		assert.ok(changes >= 1);
		assert.equal(session.refusal?.(), undefined);
	});

	it('sso_account_id edited in a profile that uses our SSO token: refused on the next refresh', async () => {
		const { engine } = world.newEngine();
		await signIn(engine);
		const profile = (account: string) =>
			ssoProfileConfig({ accountId: account, region: 'us-east-1' });
		await world.writeConfig(profile('111111111111'));
		const session = engine.openConnection({ method: 'profile', profile: 'work' }, 'us-east-1', { policy: () => ALLOW_111 });
		assert.equal((await session.getIdentity()).accountId, '111111111111');
		await world.writeConfig(profile('222222222222'));
		await assert.rejects(session.credentials({ forceRefresh: true }), (e: unknown) => codeOf(e) === 'PolicyRefused');
		await assert.rejects(session.credentials(), (e: unknown) => codeOf(e) === 'PolicyRefused');
	});
});
