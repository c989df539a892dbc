// Runs a profile's credential_process with a time limit, validating its output the way the
// SDK does. Errors carry a short stderr summary but never anything from stdout, which is
// where the credentials are. It runs in its own process group, so a timeout or an abort
// stops everything it started (a login helper, a backgrounded child), not only the shell.
import { spawn, type ChildProcess } from 'node:child_process';
import { BedrockConnectError } from '../errors';
import type { SourcedCredentials } from '../refreshingProvider';

export const DEFAULT_CREDENTIAL_PROCESS_TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 1024 * 1024;

/** The command through the platform's shell, as the SDK's exec() runs it. */
function startShell(command: string, env: NodeJS.ProcessEnv): ChildProcess {
	if (process.platform === 'win32') {
		return spawn(process.env.ComSpec ?? 'cmd.exe', ['/d', '/s', '/c', `"${command}"`], { env, windowsHide: true, windowsVerbatimArguments: true });
	}
	// detached: a new process group led by the shell, so the whole group can be killed.
	return spawn('/bin/sh', ['-c', command], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Stops the command and everything it started. */
function killTree(child: ChildProcess): void {
	if (child.pid === undefined) {
		return;
	}
	try {
		if (process.platform === 'win32') {
			spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true }).on('error', () => undefined);
		} else {
			process.kill(-child.pid, 'SIGKILL');
		}
	} catch {
		child.kill('SIGKILL');
	}
}

type Finished = { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null } | { kind: 'timedOut' } | { kind: 'aborted' } | { kind: 'tooMuchOutput' } | { kind: 'notStarted'; error: Error };

/** Runs the command; resolves when it exited (or was stopped), with what it printed. */
function runBounded(command: string, env: NodeJS.ProcessEnv, timeoutMs: number, signal: AbortSignal | undefined): Promise<{ finished: Finished; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		const child = startShell(command, env);
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		let bytes = 0;
		let settled = false;
		const finish = (finished: Finished): void => {
			if (settled) {
				return;
			}
			settled = true;
			clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
			if (finished.kind !== 'exited') {
				killTree(child);
			} else if (child.pid !== undefined && process.platform !== 'win32') {
				// The shell is done; a child it left behind still holds the group: stop it too.
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {
					/* the group is gone already */
				}
			}
			resolve({ finished, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
		};
		const collect = (into: Buffer[]) => (chunk: Buffer) => {
			bytes += chunk.length;
			if (bytes > MAX_OUTPUT_BYTES) {
				finish({ kind: 'tooMuchOutput' });
				return;
			}
			into.push(chunk);
		};
		const onAbort = (): void => finish({ kind: 'aborted' });
		const timer = setTimeout(() => finish({ kind: 'timedOut' }), timeoutMs);
		timer.unref?.();
		if (signal?.aborted) {
			onAbort();
			return;
		}
		signal?.addEventListener('abort', onAbort, { once: true });
		child.stdout?.on('data', collect(out));
		child.stderr?.on('data', collect(err));
		child.on('error', (error) => finish({ kind: 'notStarted', error }));
		// 'exit', not 'close': a grandchild holding the pipes open must not keep us waiting.
		child.on('exit', (code, exitSignal) => setImmediate(() => finish({ kind: 'exited', code, signal: exitSignal })));
	});
}

export async function runCredentialProcess(options: {
	command: string;
	profile: string;
	timeoutMs?: number;
	env?: NodeJS.ProcessEnv;
	now?: () => number;
	signal?: AbortSignal;
}): Promise<SourcedCredentials> {
	const { command, profile } = options;
	const timeoutMs = options.timeoutMs ?? DEFAULT_CREDENTIAL_PROCESS_TIMEOUT_MS;
	const failed = (what: string, action: string): BedrockConnectError =>
		new BedrockConnectError('CredentialProcessFailed', `The credential_process of profile "${profile}" ${what}`, { action });
	const { finished, stdout, stderr } = await runBounded(command, options.env ?? process.env, timeoutMs, options.signal);
	switch (finished.kind) {
		case 'timedOut':
			throw failed(`did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped.`, 'Run the command in a terminal to see what it waits for (a login prompt?), then try again.');
		case 'aborted':
			throw new BedrockConnectError('Cancelled', `The credential_process of profile "${profile}" was stopped.`);
		case 'tooMuchOutput':
			throw failed(`printed more than ${MAX_OUTPUT_BYTES / 1024} KiB and was stopped.`, 'It must print only the credential_process JSON on stdout.');
		case 'notStarted':
			throw failed(`could not be started (${finished.error.message}).`, 'Check the command in the profile.');
		case 'exited':
			if (finished.code !== 0) {
				const summary = summarizeStderr(stderr);
				throw failed(
					`failed (exit code ${finished.code ?? finished.signal ?? 'unknown'})${summary ? `: ${summary}` : '.'}`,
					'Run the command in a terminal to see the full error, fix it, then refresh.',
				);
			}
	}
	return parseProcessOutput(stdout, failed, options.now ?? Date.now);
}

/** Validates the credential_process JSON (version 1) the way the SDK does. */
function parseProcessOutput(stdout: string, failed: (what: string, action: string) => BedrockConnectError, now: () => number): SourcedCredentials {
	let data: Record<string, unknown>;
	try {
		data = JSON.parse(stdout.trim()) as Record<string, unknown>;
	} catch {
		throw failed('did not print valid JSON.', 'It must print {"Version": 1, "AccessKeyId": …, "SecretAccessKey": …} on stdout.');
	}
	if (data.Version !== 1) {
		throw failed('did not return "Version": 1.', 'Update the tool, or make it print the credential_process JSON format version 1.');
	}
	if (typeof data.AccessKeyId !== 'string' || typeof data.SecretAccessKey !== 'string') {
		throw failed('returned no AccessKeyId or SecretAccessKey.', 'Check the tool\'s configuration; it must print both.');
	}
	let expiration: Date | undefined;
	if (typeof data.Expiration === 'string') {
		expiration = new Date(data.Expiration);
		if (Number.isNaN(expiration.getTime())) {
			throw failed('returned an unreadable Expiration.', 'Expiration must be an ISO 8601 time.');
		}
		if (expiration.getTime() <= now()) {
			throw failed('returned credentials that have already expired.', 'Renew the login of the tool behind credential_process, then refresh.');
		}
	}
	return {
		accessKeyId: data.AccessKeyId,
		secretAccessKey: data.SecretAccessKey,
		...(typeof data.SessionToken === 'string' && data.SessionToken ? { sessionToken: data.SessionToken } : {}),
		...(expiration ? { expiration } : {}),
	};
}

/** The last few stderr lines, shortened, with anything that looks like a key or token masked. */
export function summarizeStderr(stderr: string): string {
	const lines = stderr
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter(Boolean);
	const tail = lines.slice(-3).join(' | ');
	const masked = tail
		.replace(/\b(AKIA|ASIA)[A-Z0-9]{12,}\b/g, '$1…')
		.replace(/[A-Za-z0-9/+=_-]{32,}/g, '…');
	return masked.length > 300 ? `${masked.slice(0, 300)}…` : masked;
}
