// The input area: prompt textarea (Enter sends, Shift+Enter breaks the line), attached
// context chips, and Send/Stop. The draft and chips survive the page being re-created.
import { LIMITS, type ChatErrorView, type ContextAttachment, type MediaAttachment } from '../../src/shared/protocol';
import { el } from './dom';
import { loadState, post, saveState } from './vscodeApi';

export interface ComposerEvents {
	send(text: string, context: ContextAttachment[], media: MediaAttachment[]): void;
	/** The prompt cannot be sent as it is; it stays in the input. */
	refuse(error: ChatErrorView): void;
	stop(): void;
}

const formatCount = (n: number) => n.toLocaleString('en-US');

/** Why the prompt is too long, or undefined when it fits the limit the host enforces. */
export function promptTooLong(text: string): ChatErrorView | undefined {
	if (text.length <= LIMITS.promptChars) {
		return undefined;
	}
	return {
		code: 'PromptTooLong',
		message: `This prompt has ${formatCount(text.length)} characters; the limit is ${formatCount(LIMITS.promptChars)}.`,
		action: 'Shorten it or attach less context.',
		actions: [],
	};
}

/**
 * The draft to show when the page starts: text typed before the script ran is never dropped;
 * it goes after the saved draft when both are there and differ.
 */
export function withTypedText(savedDraft: string, typed: string): string {
	if (typed.trim() === '') {
		return savedDraft;
	}
	return savedDraft.trim() === '' || typed === savedDraft ? typed : `${savedDraft}\n\n${typed}`;
}

export class Composer {
	private attachments: ContextAttachment[];

	constructor(
		readonly prompt: HTMLTextAreaElement,
		private readonly chips: HTMLElement,
		private readonly sendButton: HTMLButtonElement,
		private readonly stopButton: HTMLButtonElement,
		addSelection: HTMLButtonElement,
		addFile: HTMLButtonElement,
		private readonly events: ComposerEvents,
		/** Images and documents; none when the page has no tray. */
		private readonly media?: {
			list(): MediaAttachment[];
			clear(): void;
			restore(media: readonly MediaAttachment[]): void;
			/** Why the files cannot go with the chosen model, if so. */
			modelRefusal?(): string | undefined;
		},
	) {
		const state = loadState();
		prompt.value = withTypedText(state.draft ?? '', prompt.value);
		if (prompt.value !== (state.draft ?? '')) {
			saveState({ draft: prompt.value });
		}
		// No maxLength: the browser would cut a long paste silently; submit() says it is too long instead.
		this.attachments = state.attachments ?? [];
		this.renderChips();
		prompt.addEventListener('input', () => saveState({ draft: prompt.value }));
		prompt.addEventListener('keydown', (event) => {
			if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
				event.preventDefault();
				this.submit();
			}
		});
		sendButton.addEventListener('click', () => this.submit());
		stopButton.addEventListener('click', () => events.stop());
		addSelection.addEventListener('click', () => post({ type: 'addContext', kind: 'selection' }));
		addFile.addEventListener('click', () => post({ type: 'addContext', kind: 'file' }));
	}

	setBusy(busy: boolean): void {
		this.sendButton.disabled = busy;
		this.stopButton.hidden = !busy;
	}

	addAttachment(attachment: ContextAttachment): void {
		if (this.attachments.length >= LIMITS.contextItems) {
			return;
		}
		this.attachments.push(attachment);
		this.renderChips();
	}

	/** Clears the input once the host has taken the prompt, unless the user already typed something new. */
	clear(sentText: string): void {
		if (this.prompt.value === sentText) {
			this.prompt.value = '';
		}
		this.attachments = [];
		this.media?.clear();
		this.renderChips();
		saveState({ draft: this.prompt.value });
	}

	/** Puts an unsent prompt back; text typed since goes after it. */
	restore(text: string, context: ContextAttachment[], media: readonly MediaAttachment[] = []): void {
		this.media?.restore(media);
		const current = this.prompt.value.trim();
		this.prompt.value = current && current !== text ? `${text}\n\n${this.prompt.value}` : text;
		this.attachments = [...context, ...this.attachments].slice(0, LIMITS.contextItems);
		this.renderChips();
		saveState({ draft: this.prompt.value });
		this.prompt.focus();
	}

	submit(): void {
		if (this.sendButton.disabled) {
			return;
		}
		const text = this.prompt.value;
		const media = this.media?.list() ?? [];
		if (text.trim().length === 0 && this.attachments.length === 0 && media.length === 0) {
			return;
		}
		const tooLong = promptTooLong(text);
		if (tooLong) {
			this.events.refuse(tooLong);
			return;
		}
		const notTaken = this.media?.modelRefusal?.();
		if (notTaken) {
			this.events.refuse({ code: 'AttachmentRefused', message: notTaken, action: 'Nothing was sent; your prompt and attachments are still here.', actions: ['chooseModel'] });
			return;
		}
		this.events.send(text, [...this.attachments], media);
	}

	private renderChips(): void {
		saveState({ attachments: this.attachments });
		this.chips.replaceChildren(
			...this.attachments.map((attachment, index) => {
				const remove = el('button', { className: 'chip-remove', text: '×', title: 'Remove', attrs: { 'aria-label': `Remove ${attachment.label}`, type: 'button' } });
				remove.addEventListener('click', () => {
					this.attachments.splice(index, 1);
					this.renderChips();
				});
				return el('span', { className: 'chip', title: `${attachment.kind}: ${attachment.label}` }, document.createTextNode(attachment.label), remove);
			}),
		);
	}
}
