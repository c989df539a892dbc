// Whether test-started processes are gone: a credential_process's grandchildren must not outlive it.
import { readFileSync } from 'node:fs';

/** Alive and not a zombie waiting for its new parent to reap it. */
export function isProcessRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch {
		return false;
	}
	try {
		return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return process.platform !== 'linux';
	}
}

/** The pids still running once `ms` passed, or none as soon as all are gone. */
export async function stillRunningAfter(pids: number[], ms: number): Promise<number[]> {
	const until = Date.now() + ms;
	let alive = pids.filter(isProcessRunning);
	while (alive.length > 0 && Date.now() < until) {
		await new Promise((resolve) => setTimeout(resolve, 50));
		alive = pids.filter(isProcessRunning);
	}
	return alive;
}
