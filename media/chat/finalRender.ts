// The end of a streamed reply without one long render of the whole text: the blocks rendered
// while streaming are kept where a cut between them was "hard" (the next block cannot continue
// the previous one: no list item, table row, indented or quoted line follows the blank line),
// and only the groups around soft cuts plus the live tail are rendered again. The result is
// the one-shot render's DOM (the page tests compare them); a reply with reference-style link
// definitions, which reach across blocks, is rendered whole.

/** A piece of the reply rendered while streaming: text [start, end) and its nodes. */
export interface RenderedBlock {
	start: number;
	end: number;
	nodes: ChildNode[];
}

const CONTINUES = /^(?:[ \t]|\s*(?:[-*+]|\d{1,9}[.)])(?:\s|$)|\s*\||\s*>)/;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:/m;

/** True when the text after `cut` starts a block that cannot belong to the one before it. */
export function isHardCut(text: string, cut: number): boolean {
	const line = text.slice(cut, text.indexOf('\n', cut) < 0 ? undefined : text.indexOf('\n', cut));
	return !CONTINUES.test(line);
}

/**
 * Groups of [start, end) to render as one piece each, and which streamed block (by index) a
 * group can reuse as is. `finished` is where the streamed blocks end; the rest is the tail.
 */
export function finalGroups(text: string, blocks: readonly RenderedBlock[]): { start: number; end: number; reuse?: number }[] | undefined {
	if (REFERENCE_DEFINITION.test(text)) return undefined;
	const groups: { start: number; end: number; reuse?: number }[] = [];
	let groupStart = 0;
	let firstBlock = 0;
	for (let i = 0; i < blocks.length; i++) {
		const block = blocks[i] as RenderedBlock;
		if (!isHardCut(text, block.end) && block.end < text.length) continue;
		groups.push({ start: groupStart, end: block.end, ...(i === firstBlock ? { reuse: i } : {}) });
		groupStart = block.end;
		firstBlock = i + 1;
	}
	if (groupStart < text.length) groups.push({ start: groupStart, end: text.length });
	return groups;
}
