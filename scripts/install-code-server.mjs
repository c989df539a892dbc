// Installs code-server (the real VS Code workbench in a browser) into a project-local cache
// for the end-to-end suite and the demo. Safe to run repeatedly and concurrently.
// Usage: node scripts/install-code-server.mjs   (prints the code-server binary path)
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync, readFileSync, createWriteStream, copyFileSync, mkdtempSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

export const codeServerVersion = '4.99.4';
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const codeServerDir = join(projectRoot, '.vscode-test', `code-server-${codeServerVersion}`);
export const codeServerBin = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const installedMarker = join(codeServerDir, '.installed');
const lockDir = `${codeServerDir}.lock`;
const logFile = join(projectRoot, '.vscode-test', `code-server-${codeServerVersion}-install.log`);

// The versions code-server 4.99.4's @vscode/ripgrep postinstall looks for in its cache.
const ripgrepCacheName = 'vscode-ripgrep-cache-1.15.11';
const ripgrepTarballName = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export function isCodeServerInstalled() {
	return existsSync(installedMarker) && existsSync(codeServerBin);
}

// The postinstall would download ripgrep from GitHub (unreachable here); it checks this cache first.
function seedRipgrepCache() {
	const cacheDir = join(process.env.TMPDIR || tmpdir(), ripgrepCacheName);
	const tarball = join(cacheDir, ripgrepTarballName);
	if (existsSync(tarball)) return;
	const rg = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => existsSync(p));
	if (!rg) throw new Error('ripgrep is missing: install it with `apt-get install -y ripgrep` (code-server needs it and cannot download it here).');
	mkdirSync(cacheDir, { recursive: true });
	const staging = mkdtempSync(join(tmpdir(), 'rg-seed-'));
	copyFileSync(rg, join(staging, 'rg'));
	execFileSync('tar', ['-czf', tarball, '-C', staging, 'rg']);
	rmSync(staging, { recursive: true, force: true });
}

function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

// A directory lock: mkdir is atomic; a lock left by a dead process is taken over.
async function withLock(work) {
	mkdirSync(dirname(lockDir), { recursive: true });
	let announced = false;
	for (;;) {
		try {
			mkdirSync(lockDir);
			writeFileSync(join(lockDir, 'pid'), String(process.pid));
			break;
		} catch {
			let owner = 0;
			try {
				owner = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
			} catch {
				// The owner has created the directory but not yet written its pid.
			}
			if (owner && !isAlive(owner)) {
				rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (!announced) {
				console.error(`code-server ${codeServerVersion} is being installed by process ${owner || '?'}; waiting…`);
				announced = true;
			}
			await sleep(2000);
		}
	}
	try {
		return await work();
	} finally {
		rmSync(lockDir, { recursive: true, force: true });
	}
}

function runNpmInstall() {
	return new Promise((resolvePromise, reject) => {
		const log = createWriteStream(logFile);
		const child = spawn('npm', [
			'install', '--prefix', codeServerDir, `code-server@${codeServerVersion}`,
			'--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel', 'http',
		], {
			cwd: codeServerDir,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: {
				...process.env,
				// Its postinstall refuses to run as root without this.
				npm_config_unsafe_perm: 'true',
				// A native module runs `npx node-gyp`, which would otherwise stop to ask.
				npm_config_yes: 'true',
				// npm 11 skips dependencies' install scripts by default; code-server's postinstall installs
				// VS Code's own modules with nested `npm install`s, which inherit this from the environment.
				npm_config_dangerously_allow_all_scripts: 'true',
			},
		});
		child.stdout.pipe(log, { end: false });
		child.stderr.pipe(log, { end: false });
		child.on('error', reject);
		child.on('close', (code) => {
			log.end();
			if (code === 0) resolvePromise();
			else reject(new Error(`npm install code-server@${codeServerVersion} failed (exit ${code}). See ${logFile}. ` +
				'It needs the Debian packages libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev pkg-config ripgrep (see .ci/run).'));
		});
	});
}

/** Installs code-server once; returns the path of its Node entry script. */
export async function ensureCodeServer({ quiet = false } = {}) {
	if (isCodeServerInstalled()) return codeServerBin;
	return withLock(async () => {
		if (isCodeServerInstalled()) return codeServerBin;
		const started = Date.now();
		if (!quiet) console.error(`Installing code-server ${codeServerVersion} into ${codeServerDir} (about 5 minutes; log: ${logFile})…`);
		rmSync(codeServerDir, { recursive: true, force: true });
		mkdirSync(codeServerDir, { recursive: true });
		// A package.json of its own keeps npm from walking up to the project's and touching its lock file.
		writeFileSync(join(codeServerDir, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }) + '\n');
		seedRipgrepCache();
		await runNpmInstall();
		if (!existsSync(codeServerBin)) throw new Error(`code-server installed but ${codeServerBin} is missing. See ${logFile}.`);
		writeFileSync(installedMarker, new Date().toISOString() + '\n');
		if (!quiet) console.error(`code-server ${codeServerVersion} installed in ${Math.round((Date.now() - started) / 1000)} s.`);
		return codeServerBin;
	});
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	ensureCodeServer().then(
		(bin) => console.log(bin),
		(error) => {
			console.error(error.message);
			process.exit(1);
		},
	);
}
