// Starts code-server (VS Code in a browser: 4.139.1 = VS Code 1.139 by default, 4.104.0 = 1.104, the oldest
// we claim) on its own Node, with the packaged extension installed, in throw-away user-data, extensions,
// workspace and HOME folders, and stops its whole process tree.
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { defaultVsixPath, e2eTmpRoot, installScript, projectRoot } from './paths';
import { noteFailure, shouldKeepScratch, track } from './cleanup';

const execFileAsync = promisify(execFile);

export interface CodeServerOptions {
	/** Extra user settings, merged over the harness defaults (trust off, no start editor, no telemetry). */
	settings?: Record<string, unknown>;
	/**
	 * Settings of the machine the extension host runs on (code-server's `Machine/settings.json`). In a
	 * remote window such as code-server, VS Code applies machine-scoped settings (e.g. allowedAccounts)
	 * only from here, never from the user settings above.
	 */
	machineSettings?: Record<string, unknown>;
	/**
	 * Extra environment for the server and so the extension host, e.g. AWS_ENDPOINT_URL_SSO.
	 * The parent's AWS_* variables are never passed on; HOME is a fresh temp folder unless given here.
	 * A value of undefined removes a variable.
	 */
	env?: Record<string, string | undefined>;
	/** Files to create in the workspace folder, relative path → content. */
	workspaceFiles?: Record<string, string>;
	/** Files to create in the temp HOME, relative path → content (e.g. '.aws/config'). */
	homeFiles?: Record<string, string>;
	/** The .vsix to install; default dist-vsix/bedrock-connect.vsix (build it with `npm run package`). */
	vsix?: string;
	/** More .vsix files to install next to ours (e.g. a test extension that calls our exported API). */
	extraVsix?: string[];
	/** A short name for the scratch folder, to find it in .e2e-tmp/ (default 'cs'). */
	label?: string;
	/** Port on 127.0.0.1 (default: a free one). */
	port?: number;
	/** Which code-server: 'latest' (4.139.1, the default) or 'oldest' (4.104.0); E2E_CODE_SERVER overrides the default. */
	codeServer?: CodeServerFlavor;
}

export type CodeServerFlavor = 'latest' | 'oldest';

/** One installed code-server: its version, the Node that must run it and its entry script. */
export interface InstalledCodeServer {
	version: string;
	node: string;
	entry: string;
}

export interface CodeServer {
	/** Workbench URL with the workspace folder opened. */
	url: string;
	/** http://127.0.0.1:PORT */
	baseUrl: string;
	port: number;
	pid: number;
	/** The scratch folder holding everything below. */
	rootDir: string;
	userDataDir: string;
	extensionsDir: string;
	workspaceDir: string;
	/** The HOME the server and extension host see (no ~/.aws of the machine is ever read). */
	homeDir: string;
	/** code-server's own logs folder (extension host logs and output channels are under it). */
	logsDir: string;
	/** stdout and stderr of the code-server process. */
	serverLogFile: string;
	/** The code-server version running (e.g. 4.139.1). */
	codeServerVersion: string;
	/** Stops the server and every process it started; safe to call twice. */
	stop(): Promise<void>;
}

export const harnessDefaultSettings: Record<string, unknown> = {
	'security.workspace.trust.enabled': false,
	'workbench.startupEditor': 'none',
	'workbench.tips.enabled': false,
	'workbench.enableExperiments': false,
	'telemetry.telemetryLevel': 'off',
	'extensions.autoCheckUpdates': false,
	'extensions.autoUpdate': false,
	'update.mode': 'none',
	'git.enabled': false,
	'chat.commandCenter.enabled': false,
	'workbench.secondarySideBar.defaultVisibility': 'hidden',
	// Toasts stay up until dismissed so a slow test still sees them.
	'workbench.notifications.autoHide': false,
};

const installs = new Map<CodeServerFlavor, Promise<InstalledCodeServer>>();

export function defaultCodeServerFlavor(): CodeServerFlavor {
	const wanted = process.env.E2E_CODE_SERVER ?? 'latest';
	if (wanted !== 'latest' && wanted !== 'oldest') throw new Error(`E2E_CODE_SERVER must be latest or oldest, not ${wanted}`);
	return wanted;
}

/** Installs the code-server into .vscode-test/ on first use (minutes), then says where it and its Node are. */
export function ensureCodeServer(flavor: CodeServerFlavor = defaultCodeServerFlavor()): Promise<InstalledCodeServer> {
	let install = installs.get(flavor);
	if (!install) {
		install = execFileAsync(process.execPath, [installScript, flavor], { cwd: projectRoot, maxBuffer: 1 << 20 })
			.then(({ stdout }) => {
				const [version, node, entry] = stdout.trim().split('\n').pop()!.split(' ');
				return { version, node, entry };
			})
			.catch((error: { stderr?: string; message: string }) => {
				installs.delete(flavor);
				throw new Error(`Could not install code-server: ${error.stderr || error.message}`);
			});
		installs.set(flavor, install);
	}
	return install;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

function writeFiles(base: string, files: Record<string, string> | undefined): void {
	for (const [relative, content] of Object.entries(files ?? {})) {
		const file = join(base, relative);
		mkdirSync(dirname(file), { recursive: true });
		writeFileSync(file, content);
	}
}

/** The parent's environment without anything that could reach a real AWS account. */
function isolatedEnvironment(homeDir: string, extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (key.startsWith('AWS_') || key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') continue;
		env[key] = value;
	}
	env.HOME = homeDir;
	env.XDG_CONFIG_HOME = join(homeDir, '.config');
	env.XDG_DATA_HOME = join(homeDir, '.local', 'share');
	// Without an instance-metadata endpoint the default chain would otherwise wait on timeouts.
	env.AWS_EC2_METADATA_DISABLED = 'true';
	for (const [key, value] of Object.entries(extra)) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	return env;
}

async function waitUntilHealthy(baseUrl: string, pid: number, serverLogFile: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		try {
			process.kill(pid, 0);
		} catch {
			throw new Error(`code-server exited during start-up; see ${serverLogFile}`);
		}
		try {
			const response = await fetch(`${baseUrl}/healthz`);
			if (response.ok) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`code-server did not answer ${baseUrl}/healthz within ${timeoutMs} ms; see ${serverLogFile}`);
}

function killGroup(pid: number, signal: NodeJS.Signals): boolean {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		return false;
	}
}

function isGroupAlive(pid: number): boolean {
	return killGroup(pid, 0 as unknown as NodeJS.Signals);
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
	const { version: codeServerVersion, node, entry } = await ensureCodeServer(options.codeServer);
	const vsix = options.vsix ?? defaultVsixPath;
	if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` first.`);

	mkdirSync(e2eTmpRoot, { recursive: true });
	const rootDir = mkdtempSync(join(e2eTmpRoot, `${options.label ?? 'cs'}-`));
	const userDataDir = join(rootDir, 'user');
	const extensionsDir = join(rootDir, 'ext');
	const workspaceDir = join(rootDir, 'workspace');
	const homeDir = join(rootDir, 'home');
	const logsDir = join(userDataDir, 'logs');
	const serverLogFile = join(rootDir, 'code-server.log');
	for (const dir of [userDataDir, extensionsDir, workspaceDir, homeDir]) mkdirSync(dir, { recursive: true });

	// Settings must exist before the first page load, or a trust dialog blocks activation.
	writeFiles(userDataDir, {
		'User/settings.json': JSON.stringify({ ...harnessDefaultSettings, ...options.settings }, null, '\t'),
		...(options.machineSettings ? { 'Machine/settings.json': JSON.stringify(options.machineSettings, null, '\t') } : {}),
	});
	writeFiles(workspaceDir, options.workspaceFiles);
	writeFiles(homeDir, options.homeFiles);
	const configFile = join(rootDir, 'config.yaml');
	writeFileSync(configFile, 'auth: none\ncert: false\n');

	const env = isolatedEnvironment(homeDir, options.env ?? {});
	const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
	const installArgs = [vsix, ...(options.extraVsix ?? [])].flatMap((file) => ['--install-extension', file]);
	await execFileAsync(node, [entry, ...common, ...installArgs], { env, cwd: rootDir })
		.catch((error: { stderr?: string; message: string }) => {
			throw new Error(`Installing ${vsix} into code-server failed: ${error.stderr || error.message}`);
		});
	for (const extra of options.extraVsix ?? []) {
		await execFileAsync(node, [entry, ...common, '--install-extension', extra], { env, cwd: rootDir }).catch((error: { stderr?: string; message: string }) => {
			throw new Error(`Installing ${extra} into code-server failed: ${error.stderr || error.message}`);
		});
	}

	const port = options.port ?? (await freePort());
	const baseUrl = `http://127.0.0.1:${port}`;
	const logFd = openSync(serverLogFile, 'a');
	// code-server runs on its own Node (24 for 4.139.1, 22 for 4.104.0); the extension host is forked from it.
	const child = spawn(node, [
		entry, ...common,
		'--auth', 'none',
		'--bind-addr', `127.0.0.1:${port}`,
		'--disable-telemetry',
		'--disable-update-check',
		'--disable-workspace-trust',
		'--disable-getting-started-override',
		workspaceDir,
	], {
		cwd: workspaceDir,
		env,
		// Its own process group, so stop() can end the server and the extension host together.
		detached: true,
		stdio: ['ignore', logFd, logFd],
	});
	closeSync(logFd);
	const pid = child.pid;
	if (pid === undefined) throw new Error('code-server did not start');

	let stopped: Promise<void> | undefined;
	const stopper = {
		stopNow(): void {
			killGroup(pid, 'SIGKILL');
		},
		stop(): Promise<void> {
			stopped ??= (async () => {
				untrack();
				killGroup(pid, 'SIGTERM');
				const deadline = Date.now() + 5000;
				while (isGroupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
				killGroup(pid, 'SIGKILL');
				if (!shouldKeepScratch()) rmSync(rootDir, { recursive: true, force: true });
			})();
			return stopped;
		},
	};
	const untrack = track(stopper);

	try {
		await waitUntilHealthy(baseUrl, pid, serverLogFile, 60_000);
	} catch (error) {
		noteFailure();
		await stopper.stop();
		throw error;
	}

	return {
		url: `${baseUrl}/?folder=${encodeURIComponent(workspaceDir)}`,
		baseUrl,
		port,
		pid,
		rootDir,
		userDataDir,
		extensionsDir,
		workspaceDir,
		homeDir,
		logsDir,
		serverLogFile,
		codeServerVersion,
		stop: () => stopper.stop(),
	};
}
