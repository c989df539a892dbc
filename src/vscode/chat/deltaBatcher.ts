// Coalesces streamed reply text into at most one webview message per frame. Bedrock sends
// small deltas (a few words each); posting every one costs the page more in message handling
// than in painting. The first text goes out at once, so the first token is never delayed.

export interface Timers {
	set(callback: () => void, ms: number): unknown;
	clear(handle: unknown): void;
}

const realTimers: Timers = {
	set: (callback, ms) => setTimeout(callback, ms),
	clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class DeltaBatcher {
	private pending = '';
	private window: unknown;

	constructor(
		private readonly post: (text: string) => void,
		private readonly intervalMs = 16,
		private readonly timers: Timers = realTimers,
	) {}

	push(text: string): void {
		if (this.window === undefined) {
			// Leading edge: nothing posted lately, so post now and open a window for what follows.
			this.post(text);
			this.window = this.timers.set(() => this.onWindowEnd(), this.intervalMs);
			return;
		}
		this.pending += text;
	}

	/** Posts what is held back; call before any other message about the same reply, to keep order. */
	flush(): void {
		if (this.window !== undefined) {
			this.timers.clear(this.window);
			this.window = undefined;
		}
		this.postPending();
	}

	private onWindowEnd(): void {
		this.window = undefined;
		if (this.pending) {
			this.postPending();
			// Keep batching while text keeps coming.
			this.window = this.timers.set(() => this.onWindowEnd(), this.intervalMs);
		}
	}

	private postPending(): void {
		if (this.pending) {
			const text = this.pending;
			this.pending = '';
			this.post(text);
		}
	}
}
