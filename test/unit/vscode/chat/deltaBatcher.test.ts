import * as assert from 'node:assert/strict';
import { DeltaBatcher, type Timers } from '../../../../src/vscode/chat/deltaBatcher';

/** Timers driven by the test: `fire()` runs the one pending callback, like a frame passing. */
function manualTimers(): Timers & { fire(): void; pending(): number } {
	const callbacks = new Map<number, () => void>();
	let next = 0;
	return {
		set: (callback) => {
			callbacks.set(++next, callback);
			return next;
		},
		clear: (handle) => void callbacks.delete(handle as number),
		fire() {
			const [[id, callback]] = callbacks;
			callbacks.delete(id);
			callback();
		},
		pending: () => callbacks.size,
	};
}

describe('DeltaBatcher', () => {
	it('posts the first text at once, so the first token is never delayed', () => {
		const posted: string[] = [];
		new DeltaBatcher((t) => posted.push(t), 16, manualTimers()).push('Hel');
		assert.deepEqual(posted, ['Hel']);
	});

	it('coalesces the texts of one window into one message, in order', () => {
		const posted: string[] = [];
		const timers = manualTimers();
		const batcher = new DeltaBatcher((t) => posted.push(t), 16, timers);
		for (const t of ['a', 'b', 'c', 'd']) batcher.push(t);
		assert.deepEqual(posted, ['a']);
		timers.fire();
		assert.deepEqual(posted, ['a', 'bcd']);
		batcher.push('e');
		batcher.push('f');
		timers.fire();
		assert.deepEqual(posted, ['a', 'bcd', 'ef']);
		timers.fire(); // an empty window closes batching
		assert.equal(timers.pending(), 0);
		batcher.push('g');
		assert.deepEqual(posted, ['a', 'bcd', 'ef', 'g']);
	});

	it('flush posts what is held back and leaves no timer behind', () => {
		const posted: string[] = [];
		const timers = manualTimers();
		const batcher = new DeltaBatcher((t) => posted.push(t), 16, timers);
		batcher.push('x');
		batcher.push('y');
		batcher.flush();
		assert.deepEqual(posted, ['x', 'y']);
		assert.equal(timers.pending(), 0);
		batcher.flush();
		assert.deepEqual(posted, ['x', 'y'], 'nothing is posted twice');
	});

	it('loses no text: what is posted joins to exactly what was pushed', () => {
		const posted: string[] = [];
		const timers = manualTimers();
		const batcher = new DeltaBatcher((t) => posted.push(t), 16, timers);
		const pushed: string[] = [];
		for (let i = 0; i < 1000; i++) {
			const text = `w${i} `;
			pushed.push(text);
			batcher.push(text);
			if (i % 7 === 0 && timers.pending() > 0) timers.fire();
		}
		batcher.flush();
		assert.equal(posted.join(''), pushed.join(''));
		assert.ok(posted.length < 200, `1,000 deltas became ${posted.length} messages`);
	});
});
