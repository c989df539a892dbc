// Finds where a growing markdown reply can be cut into a finished prefix and a live tail, so
// streaming re-renders only the tail: a blank line outside any open ``` / ~~~ fence.
// A cut may still split a loose list or a table; the full render at the end of the reply fixes that.

/** Scan state carried between calls, so each character of the reply is looked at once. */
export interface BlockScanner {
	/** Where the next unscanned line starts. */
	offset: number;
	/** The open fence's marker (e.g. "```" or "~~~~"), or '' outside a fence. */
	fence: string;
}

export function newBlockScanner(): BlockScanner {
	return { offset: 0, fence: '' };
}

const FENCE_LINE = /^\s*(`{3,}|~{3,})(.*)$/;

/**
 * Scans the complete lines added since the last call and returns the end of the last safe cut
 * (just after a blank line outside a fence), or undefined when there is none in the new text.
 */
export function nextSafeCut(text: string, scanner: BlockScanner): number | undefined {
	let cut: number | undefined;
	for (;;) {
		const newline = text.indexOf('\n', scanner.offset);
		if (newline < 0) {
			return cut;
		}
		const line = text.slice(scanner.offset, newline);
		scanner.offset = newline + 1;
		const fence = FENCE_LINE.exec(line);
		if (scanner.fence) {
			// Closing fence: same character, at least as long, nothing after it.
			if (fence && fence[1][0] === scanner.fence[0] && fence[1].length >= scanner.fence.length && fence[2].trim() === '') {
				scanner.fence = '';
			}
		} else if (fence && !(fence[1][0] === '`' && fence[2].includes('`'))) {
			scanner.fence = fence[1];
		} else if (line.trim() === '') {
			cut = scanner.offset;
		}
	}
}
