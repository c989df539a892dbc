// A new `aws login` told apart from the SDK's refreshes, and the cache followed on disk
// (fs.watch, and the slow poll when the directory does not exist yet).
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readLoginCache, type LoginCacheSummary } from '../../../../src/aws/login/loginCache';
import { followConsoleSession, isNewConsoleSession } from '../../../../src/aws/login/sessionFollow';

const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const NOW = Date.parse('2026-12-02T06:00:00Z');

function cacheText(session: string, refresh: string, authTime = NOW / 1000): string {
	return JSON.stringify({
		accessToken: { accessKeyId: `AKID${refresh}`, secretAccessKey: `secret-${refresh}`, sessionToken: `token-${refresh}`, accountId: '111111111111', expiresAt: new Date(NOW + 900_000).toISOString() },
		clientId: 'arn:aws:signin:::devtools/same-device',
		refreshToken: `refresh-${refresh}`,
		idToken: jwt({ sub: 'arn:aws:iam::111111111111:user/alice', auth_time: authTime, nonce: session }),
		dpopKey: `-----BEGIN EC PRIVATE KEY-----\n${session}\n-----END EC PRIVATE KEY-----\n`,
	});
}

const until = async (test: () => boolean, ms = 3000): Promise<void> => {
	const end = Date.now() + ms;
	while (!test()) {
		if (Date.now() > end) throw new Error('timed out');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
};

describe('console credentials: following the login cache', () => {
	let dir: string;
	beforeEach(async () => {
		dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bc-follow-'));
	});
	afterEach(() => fs.rm(dir, { recursive: true, force: true }));

	describe('isNewConsoleSession', () => {
		const seen = (over: Partial<LoginCacheSummary>): LoginCacheSummary => ({ path: 'p', usable: true, sessionKey: 'new', ...over });
		for (const [label, inUse, summary, expected] of [
			['another usable session', 'old', seen({}), true],
			['the first session after none', undefined, seen({}), true],
			['the session in use (a refresh)', 'new', seen({}), false],
			['an unusable file (half written, logged out)', 'old', seen({ usable: false }), false],
			['a session that has already ended', 'old', seen({ sessionEndsAt: new Date(NOW - 1) }), false],
			['a session that ends later', 'old', seen({ sessionEndsAt: new Date(NOW + 1) }), true],
			['no file read', 'old', undefined, false],
		] as Array<[string, string | undefined, LoginCacheSummary | undefined, boolean]>) {
			it(`${label}: ${expected ? 'adopt' : 'ignore'}`, () => assert.equal(isNewConsoleSession(inUse, summary, NOW), expected));
		}
	});

	it("the session key stays through the SDK's refresh (rotated keys and refresh token) and changes with a new aws login", async () => {
		const file = path.join(dir, 'c.json');
		await fs.writeFile(file, cacheText('one', 'a'));
		const first = await readLoginCache(file);
		await fs.writeFile(file, cacheText('one', 'b'));
		const refreshed = await readLoginCache(file);
		await fs.writeFile(file, cacheText('two', 'c', NOW / 1000 + 60));
		const again = await readLoginCache(file);
		assert.notEqual(first.fingerprint, refreshed.fingerprint, 'the file changed');
		assert.equal(first.sessionKey, refreshed.sessionKey, 'same session');
		assert.notEqual(refreshed.sessionKey, again.sessionKey, 'a new session');
		assert.ok(!JSON.stringify(again).includes('secret-c') && !JSON.stringify(again).includes('refresh-c'), 'no secret in the summary');
	});

	it('calls back once for a new sign-in written into the watched directory, not for a refresh, and not after dispose', async () => {
		const file = path.join(dir, 'c.json');
		await fs.writeFile(file, cacheText('one', 'a'));
		let inUse = (await readLoginCache(file)).sessionKey;
		const arrived: string[] = [];
		const follow = followConsoleSession({
			directory: dir,
			read: () => readLoginCache(file),
			inUse: () => inUse,
			onNewSession: (seen) => {
				inUse = seen.sessionKey;
				arrived.push(seen.sessionKey ?? '');
			},
			pollMs: 60_000, // only fs.watch can see it within the test
			settleMs: 50,
		});
		try {
			await fs.writeFile(file, cacheText('one', 'b'));
			await new Promise((resolve) => setTimeout(resolve, 300));
			assert.deepEqual(arrived, [], 'a refresh is not a new sign-in');
			await fs.writeFile(file, cacheText('two', 'c'));
			await until(() => arrived.length === 1);
			await new Promise((resolve) => setTimeout(resolve, 300));
			assert.equal(arrived.length, 1, 'said once');
		} finally {
			follow.dispose();
		}
		await fs.writeFile(file, cacheText('three', 'd'));
		await new Promise((resolve) => setTimeout(resolve, 300));
		assert.equal(arrived.length, 1, 'nothing after dispose');
	});

	it('a cache directory that does not exist yet is found by the slow poll', async () => {
		const missing = path.join(dir, 'later');
		const file = path.join(missing, 'c.json');
		const arrived: string[] = [];
		const follow = followConsoleSession({ directory: missing, read: () => readLoginCache(file), inUse: () => undefined, onNewSession: (seen) => arrived.push(seen.path), pollMs: 100, settleMs: 20 });
		try {
			await new Promise((resolve) => setTimeout(resolve, 150));
			await fs.mkdir(missing);
			await fs.writeFile(file, cacheText('one', 'a'));
			await until(() => arrived.length > 0);
			assert.equal(arrived[0], file);
		} finally {
			follow.dispose();
		}
	});
});
