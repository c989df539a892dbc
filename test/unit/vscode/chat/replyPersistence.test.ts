// Saving a streaming reply: at most once per interval (first change at once, the rest folded
// into one trailing save), cancelling at the end, and what a reply saved mid-stream becomes on reload.
import * as assert from 'node:assert/strict';
import type { ChatMessage } from '../../../../src/shared/protocol';
import { settledForStorage, ThrottledSave, type SaveTimers } from '../../../../src/vscode/chat/replyPersistence';

/** A hand-driven clock: `advance` runs the timers that fall due, in order. */
class FakeTimers implements SaveTimers {
	private time = 0;
	private readonly pending = new Map<number, { at: number; run: () => void }>();
	private nextHandle = 1;

	now(): number {
		return this.time;
	}

	setTimeout(run: () => void, ms: number): unknown {
		const handle = this.nextHandle++;
		this.pending.set(handle, { at: this.time + ms, run });
		return handle;
	}

	clearTimeout(handle: unknown): void {
		this.pending.delete(handle as number);
	}

	advance(ms: number): void {
		const end = this.time + ms;
		for (;;) {
			const due = [...this.pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
			if (!due) {
				break;
			}
			this.pending.delete(due[0]);
			this.time = due[1].at;
			due[1].run();
		}
		this.time = end;
	}

	get waiting(): number {
		return this.pending.size;
	}
}

function counter(timers: FakeTimers) {
	const savedAt: number[] = [];
	return { savedAt, save: async () => { savedAt.push(timers.now()); } };
}

describe('saving a streaming reply', () => {
	it('saves the first change at once, then at most once a second however many deltas arrive', () => {
		const timers = new FakeTimers();
		const { savedAt, save } = counter(timers);
		const throttle = new ThrottledSave(save, 1_000, timers);
		// A delta every 40 ms for 3.5 s.
		for (let t = 0; t < 3_500; t += 40) {
			throttle.request();
			timers.advance(40);
		}
		assert.deepEqual(savedAt, [0, 1_000, 2_000, 3_000]);
		for (let i = 1; i < savedAt.length; i++) {
			assert.ok(savedAt[i] - savedAt[i - 1] >= 1_000, `saves ${savedAt[i - 1]} and ${savedAt[i]} are closer than the interval`);
		}
	});

	it('writes the last deltas in a trailing save even when no more arrive', () => {
		const timers = new FakeTimers();
		const { savedAt, save } = counter(timers);
		const throttle = new ThrottledSave(save, 1_000, timers);
		throttle.request();
		timers.advance(100);
		throttle.request();
		assert.deepEqual(savedAt, [0]);
		timers.advance(2_000);
		assert.deepEqual(savedAt, [0, 1_000]);
		assert.equal(timers.waiting, 0);
	});

	it('cancel leaves no save pending (the reply ended and is saved by its owner)', () => {
		const timers = new FakeTimers();
		const { savedAt, save } = counter(timers);
		const throttle = new ThrottledSave(save, 1_000, timers);
		throttle.request();
		throttle.request();
		throttle.cancel();
		timers.advance(5_000);
		assert.deepEqual(savedAt, [0]);
	});
});

describe('a reply stored while it streamed', () => {
	const base: ChatMessage = { id: 'a1', role: 'assistant', text: 'alpha bravo charlie', status: 'streaming', createdAt: 1 };

	it('is marked interrupted, keeping the text that arrived', () => {
		assert.deepEqual(settledForStorage(base), { ...base, status: 'interrupted' });
		assert.equal(base.status, 'streaming', 'the live message is not changed');
	});

	it('leaves finished, stopped and failed replies as they are', () => {
		for (const status of ['complete', 'stopped', 'incomplete', 'interrupted'] as const) {
			assert.equal(settledForStorage({ ...base, status }).status, status);
		}
	});
});
