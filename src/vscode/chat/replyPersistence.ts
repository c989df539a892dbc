// Saving a reply while it streams, and what a saved reply means after a reload. Pure (no
// `vscode`): the throttle takes its clock and timers as parameters so tests can drive them.
import type { ChatMessage } from '../../shared/protocol';

/** How often, at most, the growing reply is written while it streams. */
export const STREAMING_SAVE_INTERVAL_MS = 1_000;

/**
 * A reply still "streaming" when written can only be read back by a host that did not stream
 * it (the window reloaded): it will never finish, so it is stored as interrupted, text kept.
 */
export function settledForStorage(message: ChatMessage): ChatMessage {
	return message.status === 'streaming' ? { ...message, status: 'interrupted' } : message;
}

export interface SaveTimers {
	now(): number;
	setTimeout(run: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

const realTimers: SaveTimers = {
	now: () => Date.now(),
	setTimeout: (run, ms) => setTimeout(run, ms),
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Runs `save` at most once per interval: the first request saves at once (so even a reply
 * cut off in its first second keeps what arrived), later ones within the interval are folded
 * into one save when it has passed.
 */
export class ThrottledSave {
	private lastSavedAt = Number.NEGATIVE_INFINITY;
	private timer: unknown;

	constructor(
		private readonly save: () => Promise<void>,
		private readonly intervalMs: number = STREAMING_SAVE_INTERVAL_MS,
		private readonly timers: SaveTimers = realTimers,
	) {}

	/** Something changed: save now if the last save is old enough, else once it is. */
	request(): void {
		if (this.timer !== undefined) {
			return;
		}
		const wait = this.lastSavedAt + this.intervalMs - this.timers.now();
		if (wait <= 0) {
			void this.run();
			return;
		}
		this.timer = this.timers.setTimeout(() => {
			this.timer = undefined;
			void this.run();
		}, wait);
	}

	/** Drops a save still waiting: the reply ended, and its owner saves the final state. */
	cancel(): void {
		if (this.timer !== undefined) {
			this.timers.clearTimeout(this.timer);
			this.timer = undefined;
		}
	}

	private async run(): Promise<void> {
		this.lastSavedAt = this.timers.now();
		await this.save();
	}
}
