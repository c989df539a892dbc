import * as assert from 'node:assert/strict';
import type { ProfileSummary } from '../../../../src/aws/engineTypes';
import { explainTerminalIdentity, terminalVariables, type TerminalShare } from '../../../../src/vscode/terminal/terminalEnvironment';

const ENDPOINT: TerminalShare = { kind: 'endpoint', url: 'http://127.0.0.1:4000/credentials', token: 'abc', region: 'eu-west-1' };
const ARN = 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_BedrockUser_0123456789abcdef/alice';

describe('terminal environment', () => {
	it('an endpoint share sets the URL, the token and the region and empties the variables that would win', () => {
		const vars = new Map(terminalVariables(ENDPOINT));
		assert.equal(vars.get('AWS_CONTAINER_CREDENTIALS_FULL_URI'), ENDPOINT.url);
		assert.equal(vars.get('AWS_CONTAINER_AUTHORIZATION_TOKEN'), 'abc');
		assert.equal(vars.get('AWS_REGION'), 'eu-west-1');
		assert.equal(vars.get('AWS_DEFAULT_REGION'), 'eu-west-1');
		for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_BEARER_TOKEN_BEDROCK']) {
			assert.equal(vars.get(name), '', name);
		}
		// An empty AWS_PROFILE or relative URI would break the CLI (profile "" / 169.254.170.2): never set.
		for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE']) {
			assert.equal(vars.has(name), false, name);
		}
	});

	it('a Bedrock API key share gives AWS_BEARER_TOKEN_BEDROCK and the region only', () => {
		assert.deepEqual(terminalVariables({ kind: 'bearer', token: 'ABSKkey', region: 'us-west-2' }), [
			['AWS_BEARER_TOKEN_BEDROCK', 'ABSKkey'],
			['AWS_REGION', 'us-west-2'],
			['AWS_DEFAULT_REGION', 'us-west-2'],
		]);
	});

	it('no share sets nothing', () => {
		assert.deepEqual(terminalVariables({ kind: 'none', reason: 'signedOut' }), []);
	});

	describe('which identity a terminal process uses, and why', () => {
		const profile = (name: string, kind: ProfileSummary['kind']): ProfileSummary => ({ name, kind, files: ['credentials'] });
		const cases: Array<[string, Partial<Parameters<typeof explainTerminalIdentity>[0]>, RegExp, string]> = [
			['the editor\'s sign-in', {}, /sign as arn:aws:sts::111111111111:assumed-role\/.*alice through the editor's credential endpoint/, 'ok'],
			['AWS_PROFILE wins', { env: { AWS_PROFILE: 'dev' } }, /use profile 'dev', not arn:.*AWS_PROFILE is set/, 'warning'],
			['AWS_DEFAULT_PROFILE wins', { env: { AWS_DEFAULT_PROFILE: 'ops' } }, /use profile 'ops'.*AWS_DEFAULT_PROFILE/, 'warning'],
			['a relative URI wins', { env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials' } }, /AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/, 'warning'],
			['a token file is sent instead', { env: { AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/tmp/t' } }, /AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE/, 'warning'],
			['a [default] profile with keys wins', { profiles: [profile('default', 'staticKeys')] }, /use the \[default\] profile \(credentials file\)/, 'warning'],
			['a [default] profile with only a region does not', { profiles: [profile('default', 'unknown'), profile('dev', 'staticKeys')] }, /through the editor's credential endpoint/, 'ok'],
			['setting off', { share: { kind: 'none', reason: 'settingOff' } }, /shareCredentials is off/, 'info'],
			['signed out', { share: { kind: 'none', reason: 'signedOut' } }, /not signed in/, 'info'],
			['Bedrock API key', { share: { kind: 'bearer', token: 't', region: 'us-east-1' } }, /AWS_BEARER_TOKEN_BEDROCK/, 'info'],
		];
		for (const [name, input, summary, severity] of cases) {
			it(name, () => {
				const finding = explainTerminalIdentity({ share: ENDPOINT, env: {}, profiles: [], signedInAs: ARN, ...input });
				assert.match(finding.summary, summary);
				assert.equal(finding.severity, severity);
				assert.equal(finding.fix !== undefined, severity === 'warning');
			});
		}
	});
});
