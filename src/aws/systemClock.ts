// The real Clock: wall time plus an abortable sleep. Tests use a fake Clock instead, so the
// device-flow loop and refresh timers run without real waiting.
import type { Clock } from './ports';
import { BedrockConnectError } from './errors';

export function cancelledError(what = 'The operation was cancelled.'): BedrockConnectError {
	return new BedrockConnectError('Cancelled', what);
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep(ms: number, signal?: AbortSignal): Promise<void> {
		return new Promise((resolve, reject) => {
			if (signal?.aborted) {
				reject(cancelledError());
				return;
			}
			const timer = setTimeout(() => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			}, Math.max(0, ms));
			// Background refresh timers must never keep the extension host (or a test run) alive.
			timer.unref?.();
			const onAbort = (): void => {
				clearTimeout(timer);
				reject(cancelledError());
			};
			signal?.addEventListener('abort', onAbort, { once: true });
		});
	},
};
