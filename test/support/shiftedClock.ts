// Wall time plus an offset the test controls, for tests against the emulator: SigV4 and the
// emulator keep real time while the engine can be moved forward to make refreshes due.
import type { Clock } from '../../src/aws/ports';
import { systemClock } from '../../src/aws/systemClock';

export class ShiftedClock implements Clock {
	offsetMs = 0;
	readonly sleeps: number[] = [];

	/**
	 * With `cutShortSleeps`, short sleeps (device-flow polling, retry pauses) take a few
	 * milliseconds so a sign-in takes no real seconds; long ones (refresh timers) stay real and
	 * are unref'd by the system clock, so they never fire during a test.
	 */
	constructor(private readonly _options: { cutShortSleeps?: boolean } = {}) {}

	now(): number {
		return Date.now() + this.offsetMs;
	}

	sleep(ms: number, signal?: AbortSignal): Promise<void> {
		this.sleeps.push(ms);
		return systemClock.sleep(this._options.cutShortSleeps && ms <= 15_000 ? Math.min(ms, 5) : ms, signal);
	}

	advance(ms: number): void {
		this.offsetMs += ms;
	}
}
