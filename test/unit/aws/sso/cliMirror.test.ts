// The opt-in copy of our SSO token in the AWS CLI's cache: the opt-in is asked on each write
// (the setting applies at once), the file is 0600 and written atomically, and sign-out removes
// our copy even when sharing was turned off since — but never a token the CLI put there later.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliTokenMirror } from '../../../../src/aws/sso/cliMirror';
import type { SsoTokenRecord } from '../../../../src/aws/sso/tokenStore';
import { RecordingLogger } from '../../../support/recordingLogger';

const START_URL = 'https://d-1234567890.awsapps.com/start';

function record(accessToken: string): SsoTokenRecord {
	return {
		v: 1,
		startUrl: START_URL,
		region: 'us-east-1',
		accessToken,
		expiresAt: '2030-01-01T01:00:00.000Z',
		issuedAt: '2030-01-01T00:00:00.000Z',
		refreshToken: 'refresh-xxxxxxxx',
		clientId: 'client-id',
		clientSecret: 'client-secret-xxxxxxxx',
		registrationExpiresAt: '2030-03-01T00:00:00.000Z',
	};
}

describe('CLI token mirror (bedrockConnect.sso.shareTokenWithCli)', () => {
	let home: string;
	const fileFor = (key: string) => path.join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(key).digest('hex')}.json`);
	beforeEach(async () => {
		home = await fs.mkdtemp(path.join(os.tmpdir(), 'bc-mirror-'));
	});
	afterEach(async () => {
		await fs.rm(home, { recursive: true, force: true });
	});

	it('asks the opt-in on every write, and writes start URL and sso-session keys 0600 with no temp file left', async () => {
		let share = false;
		const mirror = new CliTokenMirror({ logger: new RecordingLogger(), home: () => home, shareWithCli: () => share, cliSessionNames: async () => ['corp'] });
		await mirror.write(record('token-1-xxxxxxxx'));
		await assert.rejects(fs.stat(fileFor(START_URL)));
		share = true;
		await mirror.write(record('token-2-xxxxxxxx'));
		for (const key of [START_URL, 'corp']) {
			const written = JSON.parse(await fs.readFile(fileFor(key), 'utf8')) as Record<string, string>;
			assert.equal(written.accessToken, 'token-2-xxxxxxxx');
			assert.equal(written.refreshToken, 'refresh-xxxxxxxx');
			assert.equal(written.clientId, 'client-id');
			assert.equal(written.expiresAt, '2030-01-01T01:00:00Z');
			assert.equal((await fs.stat(fileFor(key))).mode & 0o777, 0o600);
		}
		assert.equal((await fs.stat(path.dirname(fileFor(START_URL)))).mode & 0o777, 0o700);
		assert.deepEqual((await fs.readdir(path.dirname(fileFor(START_URL)))).filter((n) => !n.endsWith('.json')), []);
	});

	it('sign-out removes our copy even after sharing was turned off, and leaves a token the CLI wrote since', async () => {
		let share = true;
		const mirror = new CliTokenMirror({ logger: new RecordingLogger(), home: () => home, shareWithCli: () => share, cliSessionNames: async () => ['corp'] });
		await mirror.write(record('ours-xxxxxxxx'));
		// `aws sso login --sso-session corp` replaced that one entry.
		await fs.writeFile(fileFor('corp'), JSON.stringify({ startUrl: START_URL, accessToken: 'cli-own-xxxxxxxx', expiresAt: '2030-01-01T01:00:00Z' }));
		share = false;
		await mirror.deleteOurs(record('ours-xxxxxxxx'));
		await assert.rejects(fs.stat(fileFor(START_URL)), 'our copy is gone');
		assert.equal((JSON.parse(await fs.readFile(fileFor('corp'), 'utf8')) as { accessToken: string }).accessToken, 'cli-own-xxxxxxxx');
	});
});
