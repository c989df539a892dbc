// Web identity sign-ins through the SDK against the emulator's AssumeRoleWithWebIdentity: a
// profile with web_identity_token_file + role_arn (fromIni), AWS_WEB_IDENTITY_TOKEN_FILE +
// AWS_ROLE_ARN for the environment sign-in (fromTokenFile) and the default chain; the token file
// re-read on each renewal; every failure named (missing file, refused token, expired token, no role).
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { codeOf, useEngineWorld } from './harness';

const ROLE_ARN = 'arn:aws:iam::111111111111:role/WebRole';

describe('engine: web identity (token file + role)', function () {
	this.timeout(60_000);
	const world = useEngineWorld();
	const tokenFile = (): string => path.join(world.home, 'web-identity-token');

	async function writeToken(): Promise<string> {
		const { token } = world.emulator.control.acceptWebIdentityToken();
		await fs.writeFile(tokenFile(), `${token}\n`);
		return token;
	}

	beforeEach(async () => {
		world.emulator.control.resetCounters();
		await fs.rm(tokenFile(), { force: true, recursive: true });
	});

	it('a web identity profile: the role with its session name, unsigned; a new token in the file is used at the next renewal', async () => {
		await writeToken();
		await world.writeConfig(`[profile pod]\nrole_arn = ${ROLE_ARN}\nweb_identity_token_file = ${tokenFile()}\nrole_session_name = pod-session\n`);
		const { engine } = world.newEngine();
		assert.equal((await engine.listProfiles()).find((p) => p.name === 'pod')?.kind, 'webIdentity');
		const connection = engine.openConnection({ method: 'profile', profile: 'pod' }, 'us-east-1');
		assert.equal((await connection.getIdentity()).arn, 'arn:aws:sts::111111111111:assumed-role/WebRole/pod-session');
		assert.equal(world.emulator.control.lastRequest('sts:AssumeRoleWithWebIdentity')?.auth, 'none');
		assert.equal(connection.expiry().canRefreshSilently, true);
		// The platform rotates the token and the old one expires; the role credentials expire too.
		world.emulator.control.expireWebIdentityTokens();
		await writeToken();
		world.emulator.control.expireRoleCredentials();
		assert.equal((await connection.getIdentity()).principal.roleName, 'WebRole');
		assert.equal(world.emulator.control.counters()['sts:AssumeRoleWithWebIdentity'], 2);
	});

	it('AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN: "Use Environment Credentials" and the default chain assume the role', async () => {
		await writeToken();
		const vars = { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile(), AWS_ROLE_ARN: ROLE_ARN, AWS_ROLE_SESSION_NAME: 'ci-run' };
		const { engine } = world.newEngine({ env: { ...process.env, ...vars } });
		assert.equal((await engine.openConnection({ method: 'environment' }, 'us-east-1').getIdentity()).arn, 'arn:aws:sts::111111111111:assumed-role/WebRole/ci-run');
		const saved = { ...process.env };
		Object.assign(process.env, vars); // the SDK's default chain reads process.env itself
		try {
			const chain = world.newEngine().engine;
			assert.equal((await chain.openConnection({ method: 'defaultChain' }, 'us-east-1').getIdentity()).principal.roleName, 'WebRole');
		} finally {
			for (const name of Object.keys(vars)) {
				if (saved[name] === undefined) {
					delete process.env[name];
				}
			}
		}
	});

	it('every failure is named: missing file (with its path), a token AWS does not accept, an expired token, no AWS_ROLE_ARN', async () => {
		await world.writeConfig(`[profile pod]\nrole_arn = ${ROLE_ARN}\nweb_identity_token_file = ${tokenFile()}\n`);
		const { engine } = world.newEngine();
		const fails = async (spec: Parameters<typeof engine.openConnection>[0], code: string, message: RegExp, env?: NodeJS.ProcessEnv) => {
			const target = env ? world.newEngine({ env }).engine : engine;
			await assert.rejects(target.openConnection(spec, 'us-east-1').getIdentity(), (e: unknown) => {
				assert.equal(codeOf(e), code, (e as Error).message);
				assert.match((e as Error).message, message);
				return true;
			});
		};
		const file = tokenFile().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		await fails({ method: 'profile', profile: 'pod' }, 'InvalidConfig', new RegExp(`${file}.*does not exist`));
		await fs.writeFile(tokenFile(), 'eyJhbGciOiJub25lIn0.not-issued-by-the-provider.x');
		await fails({ method: 'profile', profile: 'pod' }, 'SignInRequired', new RegExp(`refused the web identity token in ${file} \\(InvalidIdentityToken`));
		await writeToken();
		world.emulator.control.expireWebIdentityTokens();
		await fails({ method: 'profile', profile: 'pod' }, 'SignInRequired', /ExpiredTokenException.*expired/);
		await fails({ method: 'environment' }, 'InvalidConfig', /AWS_ROLE_ARN is not/, { ...process.env, AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile() });
		await fails({ method: 'environment' }, 'InvalidConfig', new RegExp(`${file}-gone does not exist`), { ...process.env, AWS_WEB_IDENTITY_TOKEN_FILE: `${tokenFile()}-gone`, AWS_ROLE_ARN: ROLE_ARN });
	});

	it('Diagnose: a missing, unreadable or empty token file gets a line with its path (profile and variable)', async () => {
		await fs.mkdir(tokenFile(), { recursive: true }); // a directory: cannot be read as a file
		await fs.writeFile(`${tokenFile()}-empty`, '\n');
		await world.writeConfig(`[profile pod]\nrole_arn = ${ROLE_ARN}\nweb_identity_token_file = ${tokenFile()}-missing\n[profile blank]\nrole_arn = ${ROLE_ARN}\nweb_identity_token_file = ${tokenFile()}-empty\n`);
		const { engine } = world.newEngine({ env: { ...process.env, AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile(), AWS_ROLE_ARN: ROLE_ARN } });
		const { findings } = await engine.diagnose();
		const profileLine = findings.find((f) => f.source === "Profile 'pod'" && f.summary.includes(`${tokenFile()}-missing does not exist`));
		assert.equal(profileLine?.severity, 'error');
		assert.match(profileLine?.fix ?? '', /web_identity_token_file/);
		assert.equal(findings.find((f) => f.source === "Profile 'blank'" && f.summary.includes(`${tokenFile()}-empty is empty`))?.severity, 'error');
		const envLine = findings.find((f) => f.summary.includes(`AWS_WEB_IDENTITY_TOKEN_FILE=${tokenFile()} (the file is a directory`));
		assert.equal(envLine?.severity, 'error');
	});
});
