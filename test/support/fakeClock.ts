// A Clock whose time moves only when a test says so; sleepers wake in time order.
import type { Clock } from '../../src/aws/ports';
import { BedrockConnectError } from '../../src/aws/errors';

interface Sleeper {
	wakeAt: number;
	resolve: () => void;
}

export class FakeClock implements Clock {
	private _now: number;
	private readonly _sleepers: Sleeper[] = [];
	/** Every sleep duration asked for, in order (lets tests check polling intervals). */
	readonly sleeps: number[] = [];

	constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
		this._now = start;
	}

	now(): number {
		return this._now;
	}

	sleep(ms: number, signal?: AbortSignal): Promise<void> {
		this.sleeps.push(ms);
		return new Promise((resolve, reject) => {
			if (signal?.aborted) {
				reject(new BedrockConnectError('Cancelled', 'cancelled'));
				return;
			}
			const sleeper: Sleeper = { wakeAt: this._now + ms, resolve };
			this._sleepers.push(sleeper);
			signal?.addEventListener(
				'abort',
				() => {
					const i = this._sleepers.indexOf(sleeper);
					if (i >= 0) {
						this._sleepers.splice(i, 1);
					}
					reject(new BedrockConnectError('Cancelled', 'cancelled'));
				},
				{ once: true },
			);
		});
	}

	/** Number of sleepers waiting. */
	get pending(): number {
		return this._sleepers.length;
	}

	/** Moves time forward by ms, waking each sleeper due on the way and letting its continuation run. */
	async advance(ms: number): Promise<void> {
		const target = this._now + ms;
		for (;;) {
			await flushMicrotasks();
			this._sleepers.sort((a, b) => a.wakeAt - b.wakeAt);
			const next = this._sleepers[0];
			if (!next || next.wakeAt > target) {
				break;
			}
			this._sleepers.shift();
			this._now = Math.max(this._now, next.wakeAt);
			next.resolve();
		}
		this._now = target;
		await flushMicrotasks();
	}

	/** Sets the time without waking anyone (for provider tests that only read now()). */
	set(now: number): void {
		this._now = now;
	}
}

export async function flushMicrotasks(): Promise<void> {
	for (let i = 0; i < 20; i++) {
		await new Promise<void>((resolve) => setImmediate(resolve));
	}
}
