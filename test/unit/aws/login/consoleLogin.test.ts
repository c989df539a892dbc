import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isBedrockConnectError } from '../../../../src/aws/errors';
import { parseAwsCliVersion, supportsConsoleLogin } from '../../../../src/aws/login/cliVersion';
import { awsLoginCommandLine } from '../../../../src/aws/login/loginCommand';
import { loginCachePath, readLoginCache } from '../../../../src/aws/login/loginCache';
import { consoleSessionEnded, consoleSessionEndReason } from '../../../../src/aws/login/loginErrors';
import { consoleSessionEnd } from '../../../../src/aws/login/sessionEnd';
import { waitForNewConsoleSession } from '../../../../src/aws/login/sessionWatch';
import { envEndpointOverrides, exposedBy } from '../../../../src/aws/network/endpointOverrides';

const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('console credentials: pure parts', () => {
	describe('AWS CLI version', () => {
		for (const [output, ok] of [
			['aws-cli/2.32.0 Python/3.13.7 Linux/6.1.0 exe/x86_64.debian.12', true],
			['aws-cli/2.33.10 Python/3.13.7 Darwin/24.0.0 source/arm64', true],
			['aws-cli/3.0.0 Python/3.14', true],
			['aws-cli/2.31.39 Python/3.12.6 Linux/6.1.0', false],
			['aws-cli/1.44.2 Python/3.11.2 Linux/6.1.0 botocore/1.40.0', false],
			['command not found: aws', false],
		] as Array<[string, boolean]>) {
			it(`${output.split(' ')[0] || 'no output'} ${ok ? 'supports' : 'does not support'} aws login`, () => {
				assert.equal(supportsConsoleLogin(parseAwsCliVersion(output)), ok);
			});
		}
	});

	describe('the session end (12 h after the sign-in, from the idToken)', () => {
		it('uses auth_time, else iat', () => {
			assert.equal(consoleSessionEnd(jwt({ auth_time: 1_000, iat: 5_000 }))?.getTime(), 1_000_000 + 12 * 3600_000);
			assert.equal(consoleSessionEnd(jwt({ iat: 5_000 }))?.getTime(), 5_000_000 + 12 * 3600_000);
		});
		it('is unknown for an idToken that does not say when the sign-in was', () => {
			assert.equal(consoleSessionEnd(jwt({ sub: 'x' })), undefined);
			assert.equal(consoleSessionEnd('not a jwt'), undefined);
			assert.equal(consoleSessionEnd('a.%%%.b'), undefined);
		});
	});

	describe('the SDK login provider errors', () => {
		// The messages of @aws-sdk/credential-provider-login's LoginCredentialsFetcher, verbatim.
		const sdk: Array<[string, string | undefined]> = [
			['Your session has expired. Please reauthenticate.', 'TOKEN_EXPIRED'],
			['Unable to refresh credentials because of a change in your password. Please reauthenticate with your new password.', 'USER_CREDENTIALS_CHANGED'],
			["Unable to refresh credentials due to insufficient permissions. You may be missing permission for the 'CreateOAuth2Token' action.", 'INSUFFICIENT_PERMISSIONS'],
			['Failed to load token from /h/.aws/login/cache/ab.json: Error: ENOENT', 'NOT_SIGNED_IN'],
			['Failed to refresh token: TimeoutError. Please re-authenticate using aws login', undefined],
		];
		for (const [message, reason] of sdk) {
			it(`"${message.slice(0, 40)}…" → ${reason ?? 'not a session end'}`, () => {
				assert.equal(consoleSessionEndReason(new Error(message)), reason);
			});
		}
		it('the error names the reason and the aws login command, and carries code ConsoleSessionEnded', () => {
			const error = consoleSessionEnded('USER_CREDENTIALS_CHANGED', 'dev');
			assert.ok(isBedrockConnectError(error));
			assert.equal(error.code, 'ConsoleSessionEnded');
			assert.match(error.message, /USER_CREDENTIALS_CHANGED/);
			assert.match(error.action ?? '', /aws login --profile dev/);
		});
	});

	describe('the aws login command line', () => {
		it('adds --remote for a remote window', () => {
			assert.equal(awsLoginCommandLine('dev', false), 'aws login --profile dev');
			assert.equal(awsLoginCommandLine('dev', true), 'aws login --profile dev --remote');
		});
		it('refuses a profile name that would be shell syntax', () => {
			assert.throws(() => awsLoginCommandLine('dev; rm -rf ~', false));
			assert.throws(() => awsLoginCommandLine('$(id)', false));
		});
	});

	describe('the login cache', () => {
		let dir = '';
		beforeEach(async () => {
			dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bc-login-cache-'));
		});
		afterEach(() => fs.rm(dir, { recursive: true, force: true }));

		it('lives at sha256(login_session).json under AWS_LOGIN_CACHE_DIRECTORY or ~/.aws/login/cache', () => {
			const arn = 'arn:aws:iam::111111111111:user/alice';
			const hash = createHash('sha256').update(arn).digest('hex');
			assert.equal(loginCachePath(arn, { HOME: '/home/u' }), path.join('/home/u', '.aws', 'login', 'cache', `${hash}.json`));
			assert.equal(loginCachePath(arn, { HOME: '/home/u', AWS_LOGIN_CACHE_DIRECTORY: '/elsewhere' }), path.join('/elsewhere', `${hash}.json`));
		});

		it('summarises a usable file without a secret, and says what is wrong with others', async () => {
			const file = path.join(dir, 'a.json');
			const cache = {
				accessToken: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'SECRETSECRET', sessionToken: 'TOKENTOKEN', accountId: '111111111111', expiresAt: '2026-12-02T10:15:00Z' },
				clientId: 'arn:aws:signin:::devtools/same-device',
				refreshToken: 'REFRESHREFRESH',
				idToken: jwt({ iat: 1_800_000_000 }),
				dpopKey: '-----BEGIN EC PRIVATE KEY-----',
			};
			await fs.writeFile(file, JSON.stringify(cache));
			const summary = await readLoginCache(file);
			assert.equal(summary.usable, true);
			assert.equal(summary.accountId, '111111111111');
			assert.equal(summary.sessionEndsAt?.getTime(), 1_800_000_000_000 + 12 * 3600_000);
			for (const secret of ['SECRETSECRET', 'TOKENTOKEN', 'REFRESHREFRESH', 'BEGIN EC']) {
				assert.ok(!JSON.stringify(summary).includes(secret), `${secret} stays out of the summary`);
			}
			await fs.writeFile(file, JSON.stringify({ ...cache, dpopKey: undefined }));
			assert.match((await readLoginCache(file)).problem ?? '', /lacks dpopKey/);
			await fs.writeFile(file, '{');
			assert.match((await readLoginCache(file)).problem ?? '', /not valid JSON/);
			assert.match((await readLoginCache(path.join(dir, 'none.json'))).problem ?? '', /no cache file/);
		});
	});

	describe('waiting for aws login', () => {
		const summary = (fingerprint: string, usable = true) => ({ path: 'p', usable, fingerprint });
		it('returns once the file is usable and differs from before', async () => {
			const reads = [undefined, summary('old'), summary('new', false), summary('new')];
			let i = 0;
			const found = await waitForNewConsoleSession({ read: async () => reads[i++], before: 'old', signal: new AbortController().signal, sleep: async () => undefined });
			assert.equal(found.fingerprint, 'new');
			assert.equal(i, 4);
		});
		it('stops when cancelled, and after its time limit', async () => {
			const controller = new AbortController();
			controller.abort();
			await assert.rejects(waitForNewConsoleSession({ read: async () => undefined, before: undefined, signal: controller.signal }), (e: unknown) => isBedrockConnectError(e) && e.code === 'Cancelled');
			let now = 0;
			await assert.rejects(
				waitForNewConsoleSession({ read: async () => summary('old'), before: 'old', signal: new AbortController().signal, timeoutMs: 5000, now: () => now, sleep: async (ms) => void (now += ms) }),
				/in time/,
			);
		});
	});
});

describe('console credentials: the AWS Sign-In endpoint override', () => {
	it('plain http to another machine for AWS_ENDPOINT_URL_SIGNIN is flagged as exposing the refresh token', () => {
		const [found] = envEndpointOverrides({ AWS_ENDPOINT_URL_SIGNIN: 'http://signin.example.com' });
		assert.equal(found.service, 'signin');
		assert.equal(found.insecure, true);
		assert.match(exposedBy(found), /AWS Sign-In \(console credentials: the refresh token\)/);
	});
});
