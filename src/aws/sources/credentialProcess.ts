// Runs a profile's credential_process with a time limit, validating its output the way the
// SDK does. Errors carry a short stderr summary but never anything from stdout, which is
// where the credentials are.
import { exec } from 'node:child_process';
import { BedrockConnectError } from '../errors';
import type { SourcedCredentials } from '../refreshingProvider';

export const DEFAULT_CREDENTIAL_PROCESS_TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 1024 * 1024;

export function runCredentialProcess(options: {
	command: string;
	profile: string;
	timeoutMs?: number;
	env?: NodeJS.ProcessEnv;
	now?: () => number;
}): Promise<SourcedCredentials> {
	const { command, profile } = options;
	const timeoutMs = options.timeoutMs ?? DEFAULT_CREDENTIAL_PROCESS_TIMEOUT_MS;
	const failed = (what: string, action: string): BedrockConnectError =>
		new BedrockConnectError('CredentialProcessFailed', `The credential_process of profile "${profile}" ${what}`, { action });
	return new Promise((resolve, reject) => {
		exec(
			command,
			{ timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_OUTPUT_BYTES, env: options.env ?? process.env, windowsHide: true },
			(error, stdout, stderr) => {
				if (error) {
					const killed = (error as { killed?: boolean }).killed || (error as { signal?: string }).signal === 'SIGKILL';
					if (killed) {
						reject(failed(`did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped.`, 'Run the command in a terminal to see what it waits for (a login prompt?), then try again.'));
						return;
					}
					const code = (error as { code?: number | string }).code;
					const summary = summarizeStderr(stderr);
					reject(
						failed(
							`failed (exit code ${code ?? 'unknown'})${summary ? `: ${summary}` : '.'}`,
							'Run the command in a terminal to see the full error, fix it, then refresh.',
						),
					);
					return;
				}
				let data: Record<string, unknown>;
				try {
					data = JSON.parse(stdout.trim()) as Record<string, unknown>;
				} catch {
					reject(failed('did not print valid JSON.', 'It must print {"Version": 1, "AccessKeyId": …, "SecretAccessKey": …} on stdout.'));
					return;
				}
				if (data.Version !== 1) {
					reject(failed('did not return "Version": 1.', 'Update the tool, or make it print the credential_process JSON format version 1.'));
					return;
				}
				if (typeof data.AccessKeyId !== 'string' || typeof data.SecretAccessKey !== 'string') {
					reject(failed('returned no AccessKeyId or SecretAccessKey.', 'Check the tool\'s configuration; it must print both.'));
					return;
				}
				let expiration: Date | undefined;
				if (typeof data.Expiration === 'string') {
					expiration = new Date(data.Expiration);
					if (Number.isNaN(expiration.getTime())) {
						reject(failed('returned an unreadable Expiration.', 'Expiration must be an ISO 8601 time.'));
						return;
					}
					if (expiration.getTime() <= (options.now ?? Date.now)()) {
						reject(failed('returned credentials that have already expired.', 'Renew the login of the tool behind credential_process, then refresh.'));
						return;
					}
				}
				resolve({
					accessKeyId: data.AccessKeyId,
					secretAccessKey: data.SecretAccessKey,
					...(typeof data.SessionToken === 'string' && data.SessionToken ? { sessionToken: data.SessionToken } : {}),
					...(expiration ? { expiration } : {}),
				});
			},
		);
	});
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
