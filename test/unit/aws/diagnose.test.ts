import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diagnose, mask, withoutUserInfo } from '../../../src/aws/diagnose';
import { BedrockConnectError } from '../../../src/aws/errors';
import { FakeClock } from '../../support/fakeClock';

describe('diagnose', () => {
	it('shows secrets by their first four characters and proxies without credentials', () => {
		assert.equal(mask('AKIAABCDEFGHIJKLMNOP'), 'AKIA…');
		assert.equal(mask(undefined), '(empty)');
		assert.equal(withoutUserInfo('http://bob:hunter2@proxy.corp:8080'), 'http://…@proxy.corp:8080');
		assert.equal(withoutUserInfo('http://proxy.corp:8080'), 'http://proxy.corp:8080');
	});

	it('tries the AWS_PROFILE profile first, skips MFA profiles, and turns failures into fixes', async () => {
		const home = await fs.mkdtemp(path.join(os.tmpdir(), 'bc-diag-'));
		try {
			await fs.mkdir(path.join(home, '.aws'));
			await fs.writeFile(path.join(home, '.aws', 'config'), '[profile work]\nregion = moon-1\ncredential_process = x\n[profile mfa]\nrole_arn = arn:aws:iam::111111111111:role/R\nsource_profile = work\nmfa_serial = arn:aws:iam::111111111111:mfa/a\n');
			const tried: string[] = [];
			const { findings } = await diagnose({
				env: { HOME: home, AWS_PROFILE: 'work', AWS_REGION: 'nowhere', HTTPS_PROXY: 'http://u:p4ss@proxy:3128' },
				clock: new FakeClock(),
				hasStoredAccessKeys: async () => true,
				tryProfile: async (name) => {
					tried.push(name);
					throw new BedrockConnectError('CredentialProcessFailed', 'The credential_process of profile "work" failed (exit code 1).', { action: 'Run the command in a terminal.' });
				},
				tryEnvironment: async () => {
					throw new Error('not used');
				},
				callerIdentity: async () => {
					throw new Error('not reached');
				},
				imdsTimeoutMs: 0,
			});
			assert.deepEqual(tried, ['work']);
			const text = JSON.stringify(findings);
			assert.ok(!text.includes('p4ss'));
			const by = (source: RegExp, summary: RegExp) => findings.find((f) => source.test(f.source) && summary.test(f.summary));
			assert.equal(by(/Environment/, /AWS_REGION="nowhere"/)?.severity, 'error');
			assert.equal(by(/Profile 'work'/, /region "moon-1"/)?.severity, 'error');
			assert.equal(by(/Profile 'work'/, /No credentials/)?.fix, 'Run the command in a terminal.');
			assert.match(by(/Profile 'mfa'/, /MFA/)?.fix ?? '', /Use Profile/);
			assert.ok(by(/Bedrock Connect/, /Pasted access keys/));
			assert.equal(by(/Region/, /moon-1/)?.severity, 'error', 'the profile region wins over AWS_REGION, and is bad');
		} finally {
			await fs.rm(home, { recursive: true, force: true });
		}
	});
});
