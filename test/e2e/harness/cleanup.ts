// Keeps track of everything the harness started so it is stopped even when a test fails,
// a test file forgets its teardown, or the run is interrupted with Ctrl+C.
type Stopper = { stopNow(): void; stop(): Promise<void> };

const running = new Set<Stopper>();
let failures = 0;
let signalHandlersInstalled = false;

function installSignalHandlers(): void {
	if (signalHandlersInstalled) return;
	signalHandlersInstalled = true;
	// Synchronous on exit: nothing async runs at that point, so kill process groups directly.
	process.on('exit', stopAllNow);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			stopAllNow();
			process.exit(130);
		});
	}
}

export function track(stopper: Stopper): () => void {
	installSignalHandlers();
	running.add(stopper);
	return () => running.delete(stopper);
}

export function stopAllNow(): void {
	for (const stopper of running) {
		try {
			stopper.stopNow();
		} catch {
			// Already gone.
		}
	}
	running.clear();
}

export async function stopAll(): Promise<void> {
	const all = [...running];
	running.clear();
	await Promise.allSettled(all.map((s) => s.stop()));
}

export function noteFailure(): void {
	failures++;
}

/** Scratch folders are kept for inspection when anything failed or E2E_KEEP is set. */
export function shouldKeepScratch(): boolean {
	return failures > 0 || Boolean(process.env.E2E_KEEP);
}
