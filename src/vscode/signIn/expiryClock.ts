// The one 30 s clock of the sign-in layer: on each tick the SignInManager re-classifies the
// expiry (and warns) and the status bar moves its countdown. Time comes from the aws Clock.
import type { Clock } from '../../aws/ports';
import { systemClock } from '../../aws/systemClock';

export const EXPIRY_TICK_MS = 30_000;

export interface ExpiryClock {
	now(): number;
	/** Listeners run in subscription order on every tick. */
	onTick(listener: () => void): { dispose(): void };
}

export class IntervalExpiryClock implements ExpiryClock {
	private readonly listeners = new Set<() => void>();
	private readonly timer: ReturnType<typeof setInterval>;

	constructor(private readonly clock: Pick<Clock, 'now'> = systemClock) {
		this.timer = setInterval(() => {
			for (const listener of [...this.listeners]) {
				listener();
			}
		}, EXPIRY_TICK_MS);
	}

	now(): number {
		return this.clock.now();
	}

	onTick(listener: () => void): { dispose(): void } {
		this.listeners.add(listener);
		return { dispose: () => void this.listeners.delete(listener) };
	}

	dispose(): void {
		clearInterval(this.timer);
		this.listeners.clear();
	}
}
