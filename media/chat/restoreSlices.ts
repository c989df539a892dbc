// Work split into slices that each leave the page a turn (input, paint) before the next one,
// so no single task runs long; used to put a restored conversation on screen.

/** Rendering budget of one slice: well under the 50 ms of a long task, leaving room for layout. */
export const RESTORE_SLICE_MS = 10;

/** Messages the first slice always shows (a screenful), so a short conversation appears in one go. */
export const RESTORE_FIRST_MESSAGES = 20;

export interface YieldHandle {
	cancel(): void;
}

/** Runs `next` in a later task (after pending input and a chance to paint). */
export function yieldToPage(next: () => void): YieldHandle {
	const timer = setTimeout(next, 0);
	return { cancel: () => clearTimeout(timer) };
}
