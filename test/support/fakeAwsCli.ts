// A stand-in `aws` on PATH for tests of console sign-in: `aws --version` prints the version it
// is given, and `aws login --profile X [--remote]` does what the real CLI leaves behind after
// its browser step (which tests cannot drive): a session in the emulator's AWS Sign-In for a
// fresh P-256 key, the login cache file in the CLI's format and `login_session` in the profile.
// Every refresh after that goes through the real SDK to the emulator. Each call is logged.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface FakeAwsCli {
	dir: string;
	/** One line per call: the arguments, space-separated. */
	calls(): Promise<string[]>;
}

const SCRIPT = String.raw`'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const [version, logFile, emulatorUrl] = process.argv.slice(2, 5);
const args = process.argv.slice(5);
fs.appendFileSync(logFile, args.join(' ') + '\n');
if (args[0] === '--version') {
	process.stdout.write('aws-cli/' + version + ' Python/3.13.7 Linux/6.1.0 exe/x86_64.fake-for-tests\n');
	process.exit(0);
}
if (args[0] !== 'login') {
	process.stderr.write('fake aws: only --version and login are implemented\n');
	process.exit(2);
}
const profile = args[args.indexOf('--profile') + 1] || 'default';
(async () => {
	const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
	const jwk = publicKey.export({ format: 'jwk' });
	const response = await fetch(emulatorUrl + '/__emulator/createLoginSession', {
		method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ publicKey: { x: jwk.x, y: jwk.y } }),
	});
	const grant = await response.json();
	if (!response.ok) throw new Error('emulator: ' + JSON.stringify(grant));
	const home = process.env.HOME || os.homedir();
	const cacheDir = process.env.AWS_LOGIN_CACHE_DIRECTORY || path.join(home, '.aws', 'login', 'cache');
	fs.mkdirSync(cacheDir, { recursive: true });
	const file = path.join(cacheDir, crypto.createHash('sha256').update(grant.loginSession).digest('hex') + '.json');
	const cache = { accessToken: grant.accessToken, tokenType: 'urn:aws:params:oauth:token-type:access_token_sigv4', clientId: grant.clientId, refreshToken: grant.refreshToken, idToken: grant.idToken, dpopKey: privateKey.export({ format: 'pem', type: 'sec1' }) };
	fs.writeFileSync(file + '.tmp', JSON.stringify(cache, null, 2), { mode: 0o600 });
	fs.renameSync(file + '.tmp', file);
	const configFile = process.env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config');
	const header = profile === 'default' ? '[default]' : '[profile ' + profile + ']';
	let text = fs.existsSync(configFile) ? fs.readFileSync(configFile, 'utf8') : '';
	const lines = text.split('\n');
	const start = lines.findIndex((l) => l.trim() === header);
	if (start < 0) {
		text = (text && !text.endsWith('\n') ? text + '\n' : text) + header + '\nlogin_session = ' + grant.loginSession + '\nregion = us-east-1\n';
	} else {
		let end = lines.findIndex((l, i) => i > start && l.trim().startsWith('['));
		if (end < 0) end = lines.length;
		const body = lines.slice(start + 1, end).filter((l) => !/^\s*login_session\s*=/.test(l));
		text = [...lines.slice(0, start + 1), 'login_session = ' + grant.loginSession, ...body, ...lines.slice(end)].join('\n');
	}
	fs.mkdirSync(path.dirname(configFile), { recursive: true });
	fs.writeFileSync(configFile, text);
	process.stdout.write('Updated profile ' + profile + ' to use ' + grant.loginSession + ' credentials.\n');
})().catch((error) => {
	process.stderr.write(String(error) + '\n');
	process.exit(1);
});
`;

/** Writes `aws` into `dir` (put it first on PATH). `emulatorUrl` is the emulator's HTTP URL (its admin routes). */
export async function installFakeAwsCli(dir: string, options: { version: string; emulatorUrl: string }): Promise<FakeAwsCli> {
	await fs.mkdir(dir, { recursive: true });
	const script = path.join(dir, 'fake-aws.cjs');
	const log = path.join(dir, 'calls.log');
	await fs.writeFile(script, SCRIPT);
	await fs.writeFile(log, '');
	const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
	await fs.writeFile(path.join(dir, 'aws'), `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(script)} ${quote(options.version)} ${quote(log)} ${quote(options.emulatorUrl)} "$@"\n`, { mode: 0o755 });
	return {
		dir,
		calls: async () => (await fs.readFile(log, 'utf8')).split('\n').filter(Boolean),
	};
}
