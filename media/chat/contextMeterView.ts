// The context meter under the prompt: asks the host to count once typing pauses (the host
// caches counts), shows "1,234 / 200,000 tokens" (≈ when estimated), and when the
// conversation no longer fits offers to drop the oldest exchange, or earlier turns' attachments
// when it holds any, instead of failing at send.
import type { HostToWebview } from '../../src/shared/protocol';
import { el } from './dom';
import { post } from './vscodeApi';

export const COUNT_DEBOUNCE_MS = 600;

const n = (value: number) => value.toLocaleString('en-US');

export function meterText(m: Extract<HostToWebview, { type: 'contextMeter' }>): string {
	const tokens = `${m.estimated ? '≈ ' : ''}${n(m.tokens)}`;
	return m.window ? `${tokens} / ${n(m.window)} tokens` : `${tokens} tokens`;
}

export class ContextMeterView {
	private timer: ReturnType<typeof setTimeout> | undefined;
	private readonly text: HTMLElement;
	private readonly drop: HTMLButtonElement;
	private readonly dropAttachments: HTMLButtonElement;

	constructor(
		private readonly root: HTMLElement,
		private readonly prompt: HTMLTextAreaElement,
	) {
		this.text = el('span', { className: 'meter-text' });
		this.drop = el('button', { className: 'secondary', text: 'Drop oldest turn', title: 'Remove the oldest question and its reply from this chat so the rest fits', attrs: { type: 'button' } });
		this.drop.hidden = true;
		this.drop.addEventListener('click', () => post({ type: 'dropOldestTurn' }));
		this.dropAttachments = el('button', {
			className: 'secondary',
			text: 'Drop attachments',
			title: "Remove earlier turns' images and documents, oldest first, until the chat fits; their names stay",
			attrs: { type: 'button', 'data-action': 'drop-attachments' },
		});
		this.dropAttachments.hidden = true;
		this.dropAttachments.addEventListener('click', () => post({ type: 'dropAttachments', draft: this.prompt.value }));
		root.append(this.text, this.drop, this.dropAttachments);
		prompt.addEventListener('input', () => this.schedule());
	}

	/** Counts again after a pause (typing) or at once (a new conversation or reply). */
	schedule(delayMs = COUNT_DEBOUNCE_MS): void {
		clearTimeout(this.timer);
		this.timer = setTimeout(() => post({ type: 'countTokens', draft: this.prompt.value }), delayMs);
	}

	show(m: Extract<HostToWebview, { type: 'contextMeter' }>): void {
		const over = m.window !== undefined && m.tokens > m.window;
		this.text.textContent = over ? `${meterText(m)}: over the model's context window; Bedrock would refuse it` : meterText(m);
		this.root.dataset.over = over ? 'true' : 'false';
		this.drop.hidden = !over;
		this.dropAttachments.hidden = !over || !m.attachments;
	}
}
