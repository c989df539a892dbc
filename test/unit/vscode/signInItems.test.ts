import * as assert from 'node:assert/strict';
import type { ProfileKind, ProfileSummary } from '../../../src/aws/engineTypes';
import { buildSignInItems, describeProfile } from '../../../src/vscode/signInItems';

const noEnv = { envHas: { keys: false, bearerToken: false } };

function profile(name: string, kind: ProfileKind, extra: Partial<ProfileSummary> = {}): ProfileSummary {
	return { name, kind, files: ['config'], ...extra };
}

describe('sign-in quick pick items', () => {
	it('offers every method even when no profiles exist', () => {
		const items = buildSignInItems([], noEnv);
		const kinds = items.filter((i) => i.choice).map((i) => i.choice!.kind);
		assert.deepEqual(kinds, ['sso', 'console', 'accessKeys', 'assumeRole', 'environment', 'bedrockApiKey', 'defaultChain']);
		assert.ok(items.some((i) => i.label.includes('Automatic (AWS SDK default chain)')));
	});

	it('groups profiles by kind under separators, sorted by name within each group', () => {
		const items = buildSignInItems(
			[profile('zeta', 'staticKeys'), profile('dev', 'ssoSession'), profile('alpha', 'staticKeys'), profile('ops', 'assumeRole')],
			noEnv,
		);
		const afterMethods = items.slice(items.findIndex((i) => i.choice?.kind === 'defaultChain') + 1);
		assert.deepEqual(
			afterMethods.map((i) => (i.separator ? `--${i.label}` : i.label)),
			['--IAM Identity Center profiles (1)', 'dev', '--Role profiles (1)', 'ops', '--Access-key profiles (2)', 'alpha', 'zeta'],
		);
	});

	it('puts the preferred profile first in its group and marks it', () => {
		const items = buildSignInItems([profile('a', 'staticKeys'), profile('b', 'staticKeys')], { ...noEnv, preferredProfile: 'b' });
		const names = items.filter((i) => i.choice?.kind === 'profile');
		assert.equal(names[0].label, 'b');
		assert.match(names[0].description!, /current/);
	});

	it('lists only the profiles for "Use Profile…"', () => {
		const items = buildSignInItems([profile('a', 'staticKeys'), profile('s', 'ssoSession')], { ...noEnv, profilesOnly: true });
		assert.deepEqual(items.map((i) => i.label), ['IAM Identity Center profiles (1)', 's', 'Access-key profiles (1)', 'a']);
	});

	it('hints at what each profile is', () => {
		assert.equal(describeProfile(profile('dev', 'ssoSession', { ssoSessionName: 'corp', region: 'eu-west-1' })), 'SSO · corp · eu-west-1');
		assert.equal(describeProfile(profile('old', 'ssoLegacy', { ssoStartUrl: 'https://corp.awsapps.com/start' })), 'SSO (legacy) · corp.awsapps.com');
		assert.equal(describeProfile(profile('r', 'assumeRole', { roleArn: 'arn:aws:iam::123456789012:role/Admin' })), 'assume role · 123456789012:role/Admin');
		assert.equal(describeProfile(profile('k', 'staticKeys')), 'access keys');
		assert.equal(describeProfile(profile('m', 'assumeRole', { roleArn: 'arn:aws:iam::123456789012:role/Admin', mfaSerial: 'arn:aws:iam::123456789012:mfa/alice' })), 'assume role · MFA · 123456789012:role/Admin');
		assert.equal(describeProfile(profile('u', 'staticKeys', { mfaSerial: 'arn:aws:iam::123456789012:mfa/alice' })), 'access keys · MFA');
		assert.equal(describeProfile(profile('w', 'webIdentity', { roleArn: 'arn:aws:iam::123456789012:role/WebRole' })), 'web identity · 123456789012:role/WebRole');
	});

	it('says which AWS variables are set without showing their values', () => {
		const items = buildSignInItems([], { envHas: { keys: true, bearerToken: true } });
		assert.equal(items.find((i) => i.choice?.kind === 'environment')!.description, 'AWS_ACCESS_KEY_ID is set');
		assert.equal(items.find((i) => i.choice?.kind === 'bedrockApiKey')!.description, 'AWS_BEARER_TOKEN_BEDROCK is set');
	});

	it('builds the items for 5,000 profiles in well under 100 ms', () => {
		const kinds: ProfileKind[] = ['ssoSession', 'staticKeys', 'assumeRole', 'credentialProcess', 'ssoLegacy'];
		const profiles = Array.from({ length: 5000 }, (_, i) =>
			profile(`profile-${String(5000 - i).padStart(5, '0')}`, kinds[i % kinds.length], { region: 'us-east-1', ssoSessionName: i % 5 === 0 ? 'corp' : undefined }),
		);
		buildSignInItems(profiles, noEnv); // warm-up
		const started = process.hrtime.bigint();
		const items = buildSignInItems(profiles, noEnv);
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		assert.equal(items.filter((i) => i.choice?.kind === 'profile').length, 5000);
		assert.ok(ms < 100, `took ${ms.toFixed(1)} ms`);
	});

	it('the environment item says when a web identity (AWS_WEB_IDENTITY_TOKEN_FILE) is what it would use', () => {
		const environment = (envHas: { keys: boolean; bearerToken: boolean; webIdentity?: boolean }) => buildSignInItems([], { envHas }).find((i) => i.choice?.kind === 'environment')?.description;
		assert.equal(environment({ keys: false, bearerToken: false, webIdentity: true }), 'web identity: AWS_WEB_IDENTITY_TOKEN_FILE is set');
		assert.equal(environment({ keys: true, bearerToken: false, webIdentity: true }), 'AWS_ACCESS_KEY_ID is set', 'keys win, as in the SDK');
	});
});
