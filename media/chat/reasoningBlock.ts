// A reply's reasoning, shown collapsed above its text. Always plain text (textContent): the
// model's thinking is never interpreted as markup, so hostile reasoning can run nothing.
import type { ReasoningView } from '../../src/shared/protocol';
import { el } from './dom';

export const REDACTED_TEXT = 'Part of the reasoning was redacted by the model provider; it is kept, encrypted, for the next turn.';

export class ReasoningBlock {
	readonly root: HTMLDetailsElement;
	private readonly text: HTMLElement;
	private readonly redactedNote: HTMLElement;
	private readonly summary: HTMLElement;

	constructor() {
		this.summary = el('summary', { text: 'Reasoning' });
		this.text = el('div', { className: 'reasoning-text' });
		this.redactedNote = el('div', { className: 'reasoning-redacted', text: REDACTED_TEXT });
		this.redactedNote.hidden = true;
		this.root = el('details', { className: 'reasoning', attrs: { 'data-testid': 'reasoning' } }, this.summary, this.text, this.redactedNote);
		this.root.hidden = true;
	}

	/** Shows the stored reasoning of a message (restored or finished). */
	show(parts: readonly ReasoningView[] | undefined): void {
		this.text.textContent = (parts ?? []).map((p) => p.text).filter((t) => t.length > 0).join('\n\n');
		this.redactedNote.hidden = !(parts ?? []).some((p) => p.redactedContent);
		this.root.hidden = !parts?.length;
	}

	append(text: string, redacted: boolean): void {
		this.root.hidden = false;
		if (text) {
			this.text.append(text);
		}
		if (redacted) {
			this.redactedNote.hidden = false;
		}
	}

	/** Says whether the model is still thinking, so a collapsed block is not mistaken for a stall. */
	setThinking(thinking: boolean): void {
		this.summary.textContent = thinking ? 'Reasoning…' : 'Reasoning';
	}
}
