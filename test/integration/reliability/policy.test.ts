// bedrockConnect.allowedRoles / allowedAccounts against the identity each sign-in method
// really yields (STS GetCallerIdentity against the emulator): a non-matching identity is
// refused with a reason for every method, a matching one passes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Identity, SignInSpec } from '../../../src/aws/engineTypes';
import { useEmulator } from '../emulator/support';
import { SSO_SPEC, signInWithSso, startEngine, type EngineUnderTest } from './engineUnderTest';

interface MethodCase {
	label: string;
	spec: SignInSpec;
	/** Role names the identity has (empty for IAM users). */
	roles: string[];
}

describe('reliability: allowed roles and accounts refuse other identities, for every sign-in method', function () {
	const harness = useEmulator({ autoApproveAfterPolls: 0 });
	let underTest: EngineUnderTest;
	let dir: string;
	const savedEnv: Record<string, string | undefined> = {};
	const identities = new Map<string, Identity>();

	const cases: MethodCase[] = [
		{ label: 'IAM Identity Center', spec: SSO_SPEC, roles: ['BedrockUser'] },
		{ label: 'environment (IAM user keys)', spec: { method: 'environment' }, roles: [] },
		{ label: 'pasted access keys (temporary, a role)', spec: { method: 'accessKeys' }, roles: ['PastedRole'] },
		{ label: 'profile (static keys)', spec: { method: 'profile', profile: 'static' }, roles: [] },
		{ label: 'profile (role chained from static keys)', spec: { method: 'profile', profile: 'chained' }, roles: ['ProfileRole'] },
		{ label: 'assume role on top of the environment', spec: { method: 'assumeRole', base: { method: 'environment' }, roleArn: 'arn:aws:iam::222222222222:role/AssumedRole', roleSessionName: 'policy-test' }, roles: ['AssumedRole'] },
		{ label: 'default chain', spec: { method: 'defaultChain' }, roles: [] },
	];

	before(async function () {
		this.timeout(20_000);
		const { control } = harness.emulator;
		dir = mkdtempSync(path.join(os.tmpdir(), 'bc-policy-'));
		const profileUser = control.createAccessKey({ userName: 'bob' });
		writeFileSync(path.join(dir, 'credentials'), `[static]\naws_access_key_id = ${profileUser.accessKeyId}\naws_secret_access_key = ${profileUser.secretAccessKey}\n`);
		writeFileSync(path.join(dir, 'config'), '[profile static]\nregion = us-east-1\n[profile chained]\nrole_arn = arn:aws:iam::111111111111:role/ProfileRole\nsource_profile = static\nregion = us-east-1\n');
		const envUser = control.createAccessKey({ userName: 'carol' });
		const env = {
			AWS_ACCESS_KEY_ID: envUser.accessKeyId,
			AWS_SECRET_ACCESS_KEY: envUser.secretAccessKey,
			AWS_CONFIG_FILE: path.join(dir, 'config'),
			AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
		};
		// The default chain reads process.env through the SDK, so the variables go there (restored in after()).
		for (const [name, value] of Object.entries(env)) {
			savedEnv[name] = process.env[name];
			process.env[name] = value;
		}
		underTest = startEngine();
		await signInWithSso(underTest.engine);
		const pasted = control.createTemporaryKeys({ roleName: 'PastedRole', sessionName: 'dave' });
		await underTest.engine.saveAccessKeys(pasted);
		for (const c of cases) {
			const session = underTest.engine.openConnection(c.spec, 'us-east-1');
			try {
				identities.set(c.label, await session.getIdentity());
			} finally {
				session.dispose();
			}
		}
	});

	after(() => {
		underTest?.dispose();
		for (const [name, value] of Object.entries(savedEnv)) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
		rmSync(dir, { recursive: true, force: true });
	});

	const refusal = (identity: Identity, policy: { allowedRoles: string[]; allowedAccounts: string[] }): { code: string; message: string; action?: string } | undefined => {
		try {
			underTest.engine.checkPolicy(identity, policy);
			return undefined;
		} catch (error) {
			return error as { code: string; message: string; action?: string };
		}
	};

	for (const c of cases) {
		it(`${c.label}: refused when its role is not allowed, with the ARN and the setting named`, () => {
			const identity = identities.get(c.label);
			assert.ok(identity, 'identity was read');
			const error = refusal(identity, { allowedRoles: ['Admin*', 'Other?Role'], allowedAccounts: [] });
			assert.ok(error, `${identity.arn} was let through`);
			assert.equal(error.code, 'PolicyRefused');
			assert.ok(error.message.includes(identity.arn), error.message);
			assert.match(error.message, /allowedRoles/);
			assert.ok(error.action);
		});

		it(`${c.label}: refused when its account is not allowed`, () => {
			const identity = identities.get(c.label);
			assert.ok(identity);
			const error = refusal(identity, { allowedRoles: [], allowedAccounts: ['999999999999'] });
			assert.equal(error?.code, 'PolicyRefused');
			assert.match(error?.message ?? '', /allowedAccounts/);
		});

		it(`${c.label}: allowed when its own role${c.roles.length ? '' : ' (none: no role filter)'} and account are listed`, () => {
			const identity = identities.get(c.label);
			assert.ok(identity);
			assert.equal(refusal(identity, { allowedRoles: c.roles.map((r) => `${r.slice(0, 3)}*`), allowedAccounts: [identity.accountId] }), undefined);
		});
	}

	it('a Bedrock API key has no identity a policy could allow: getIdentity says so instead of inventing one', async () => {
		// The VS Code layer (src/vscode/session.ts) refuses such a sign-in whenever allowedRoles or
		// allowedAccounts is set; the engine's part is never to hand it an identity that could match.
		const session = underTest.engine.openConnection({ method: 'bedrockApiKey' }, 'us-east-1');
		try {
			await assert.rejects(session.getIdentity(), (error: unknown) => {
				const e = error as { code?: string; message: string };
				assert.ok(e.code && e.code !== 'Unknown', `${e.code}: ${e.message}`);
				assert.match(e.message, /no AWS identity/i);
				return true;
			});
		} finally {
			session.dispose();
		}
	});

	it('globs match whole names only: "Bedrock" does not allow "BedrockUser", "*User" does, an account id is no role', () => {
		const sso = identities.get('IAM Identity Center');
		assert.ok(sso);
		assert.equal(refusal(sso, { allowedRoles: ['Bedrock'], allowedAccounts: [] })?.code, 'PolicyRefused');
		assert.equal(refusal(sso, { allowedRoles: ['*User'], allowedAccounts: [] }), undefined);
		assert.equal(refusal(sso, { allowedRoles: ['111111111111'], allowedAccounts: [] })?.code, 'PolicyRefused', 'an account id is not a role');
	});
});
