// Reads what the extension wrote to its output channels, from code-server's log files on disk
// (the extension host runs in the server, so its output channels are files under the logs folder).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CodeServer } from './codeServer';

function filesUnder(dir: string): string[] {
	if (!existsSync(dir)) return [];
	const found: string[] = [];
	for (const entry of readdirSync(dir)) {
		const path = join(dir, entry);
		if (statSync(path).isDirectory()) found.push(...filesUnder(path));
		else found.push(path);
	}
	return found;
}

/** Every log file code-server and the extension host wrote so far. */
export function logFiles(server: Pick<CodeServer, 'logsDir'>): string[] {
	return filesUnder(server.logsDir).filter((f) => f.endsWith('.log'));
}

/**
 * The text of the output channel named `channelName` (e.g. 'Bedrock Connect'), '' if it has none yet.
 * VS Code names the file `<N>-<name>.log` for plain channels and `<name>.log` for log channels.
 */
export function readOutputChannel(server: Pick<CodeServer, 'logsDir'>, channelName: string): string {
	const wanted = (file: string): boolean => {
		const name = basename(file, '.log');
		return name === channelName || name.replace(/^\d+-/, '') === channelName;
	};
	return logFiles(server).filter(wanted).map((f) => readFileSync(f, 'utf8')).join('\n');
}

/** The extension host's own log (activation errors, uncaught exceptions of extensions). */
export function readExtensionHostLog(server: Pick<CodeServer, 'logsDir'>): string {
	return logFiles(server).filter((f) => basename(f) === 'exthost.log' || /remoteexthost\.log$/.test(f))
		.map((f) => readFileSync(f, 'utf8')).join('\n');
}

/** Every log file concatenated (a last resort for a "no secret in any log" check). */
export function readAllLogs(server: Pick<CodeServer, 'logsDir' | 'serverLogFile'>): string {
	const files = [...logFiles(server), server.serverLogFile].filter(existsSync);
	return files.map((f) => `==> ${f}\n${readFileSync(f, 'utf8')}`).join('\n');
}
