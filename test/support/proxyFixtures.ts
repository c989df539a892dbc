// A real forward proxy for tests: Debian's tinyproxy on a free loopback port with a temp config
// (CONNECT to the given ports only, optional BasicAuth, Info-level log), stopped in after hooks.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface ProxyOptions {
	/** Ports CONNECT may reach (the emulator's); tinyproxy refuses the others. */
	connectPorts: number[];
	/** BasicAuth user and password the proxy demands (407 without them). */
	auth?: { user: string; password: string };
	/** Default /usr/bin/tinyproxy. */
	binary?: string;
}

export interface RunningProxy {
	/** http://127.0.0.1:P (no credentials; see urlWithAuth). */
	url: string;
	port: number;
	/** The URL with user:password@ when auth is set. */
	urlWithAuth: string;
	/** `host:port` of every CONNECT tinyproxy logged, in order. */
	connectTargets(): string[];
	/** The whole log, for assertions that something is NOT in it. */
	log(): string;
	stop(): Promise<void>;
}

const running = new Set<RunningProxy>();
// Whatever happens to the test run, no tinyproxy outlives it.
process.once('exit', () => {
	for (const proxy of running) void proxy.stop();
});

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

function canConnect(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

function exited(child: ChildProcess): Promise<void> {
	return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts tinyproxy and resolves once it accepts connections. */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bedrock-connect-proxy-'));
	const logFile = path.join(dir, 'tinyproxy.log');
	fs.writeFileSync(logFile, '');
	fs.chmodSync(dir, 0o777);
	fs.chmodSync(logFile, 0o666);
	const port = await freePort();
	const lines = [
		`Port ${port}`,
		'Listen 127.0.0.1',
		'Timeout 60',
		`LogFile "${logFile}"`,
		'LogLevel Info',
		'MaxClients 50',
		'Allow 127.0.0.1',
		'DisableViaHeader Yes',
		...options.connectPorts.map((p) => `ConnectPort ${p}`),
		...(options.auth ? [`BasicAuth ${options.auth.user} ${options.auth.password}`] : []),
	];
	const configFile = path.join(dir, 'tinyproxy.conf');
	fs.writeFileSync(configFile, `${lines.join('\n')}\n`);
	const child = spawn(options.binary ?? '/usr/bin/tinyproxy', ['-d', '-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
	const deadline = Date.now() + 5000;
	for (;;) {
		if (child.exitCode !== null) {
			fs.rmSync(dir, { recursive: true, force: true });
			throw new Error(`tinyproxy exited with ${child.exitCode}: ${stderr.trim()}`);
		}
		if (await Promise.race([canConnect(port), spawnError])) break;
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			fs.rmSync(dir, { recursive: true, force: true });
			throw new Error(`tinyproxy did not listen on ${port} within 5 s: ${stderr.trim()}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 25));
	}

	const url = `http://127.0.0.1:${port}`;
	const readLog = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
	let stopped: Promise<void> | undefined;
	const proxy: RunningProxy = {
		url,
		port,
		urlWithAuth: options.auth ? `http://${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.password)}@127.0.0.1:${port}` : url,
		log: readLog,
		connectTargets: () => [...readLog().matchAll(/Request \(file descriptor \d+\): CONNECT (\S+) HTTP/g)].map((m) => m[1]),
		stop() {
			stopped ??= (async () => {
				running.delete(proxy);
				if (child.exitCode === null && child.signalCode === null) {
					child.kill('SIGTERM');
					const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
					await exited(child);
					clearTimeout(timer);
				}
				fs.rmSync(dir, { recursive: true, force: true });
			})();
			return stopped;
		},
	};
	running.add(proxy);
	return proxy;
}

/** Mocha helper: a proxy per suite (started after `connectPorts()` is known), stopped in `after`. */
export function useProxy(options: () => ProxyOptions): { readonly proxy: RunningProxy } {
	let current: RunningProxy | undefined;
	before(async () => {
		current = await startProxy(options());
	});
	after(async () => {
		await current?.stop();
	});
	return {
		get proxy() {
			if (!current) throw new Error('The proxy is not started yet (use it inside a test or hook).');
			return current;
		},
	};
}
