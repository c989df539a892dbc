// Images and documents waiting to be sent with the prompt: picked with "Attach file…", pasted
// or dropped. Each file is checked against Bedrock's limits as it arrives and a refusal is said
// at once; accepted ones show as chips (`attachment`), names as text only. A file the chosen
// model does not take stays in the tray, marked, and is refused at send until the model changes.
import { countRefusal, formatOfName, refusalOf } from '../../src/shared/attachmentRules';
import { modelInputRefusal, takes, type ChosenModel } from '../../src/shared/modelInputCheck';
import { LIMITS, type MediaAttachment } from '../../src/shared/protocol';
import { el } from './dom';

function toBase64(bytes: Uint8Array): string {
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) {
		binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return btoa(binary);
}

export class MediaTray {
	private items: MediaAttachment[] = [];
	/** The model the next send goes to; undefined: none chosen yet (nothing is known, nothing marked). */
	private model: ChosenModel | undefined;

	constructor(
		private readonly chips: HTMLElement,
		picker: HTMLInputElement,
		attachButton: HTMLButtonElement,
		dropTarget: HTMLElement,
		prompt: HTMLTextAreaElement,
		/** `held`: the file stays in the tray (the model does not take it), rather than not attached. */
		private readonly refuse: (message: string, held?: boolean) => void,
	) {
		attachButton.addEventListener('click', () => picker.click());
		picker.addEventListener('change', () => {
			void this.addFiles([...(picker.files ?? [])]);
			picker.value = '';
		});
		prompt.addEventListener('paste', (event) => {
			const files = [...(event.clipboardData?.files ?? [])];
			if (files.length > 0) {
				event.preventDefault(); // a pasted image is an attachment, not text
				void this.addFiles(files);
			}
		});
		dropTarget.addEventListener('dragover', (event) => event.preventDefault());
		dropTarget.addEventListener('drop', (event) => {
			const files = [...(event.dataTransfer?.files ?? [])];
			if (files.length > 0) {
				event.preventDefault();
				void this.addFiles(files);
			}
		});
	}

	list(): MediaAttachment[] {
		return [...this.items];
	}

	/** The chosen model changed (or its list arrived): files it does not take are marked, the others unmarked. */
	setModel(model: ChosenModel | undefined): void {
		this.model = model;
		this.render();
	}

	/** Why the files in the tray cannot go with the chosen model; undefined when they can (or it is not known). */
	modelRefusal(): string | undefined {
		return this.model ? modelInputRefusal(this.items, this.model) : undefined;
	}

	clear(): void {
		this.items = [];
		this.render();
	}

	/** Puts back the files of an unsent prompt; ones still in the tray (never cleared) are not doubled. */
	restore(media: readonly MediaAttachment[]): void {
		const fresh = media.filter((m) => !this.items.some((i) => i.name === m.name && i.data === m.data));
		this.items = [...fresh, ...this.items].slice(0, LIMITS.mediaItems);
		this.render();
	}

	/** Adds what passes the checks; says why for each file that does not. */
	async addFiles(files: readonly File[]): Promise<void> {
		const added: MediaAttachment[] = [];
		for (const file of files) {
			const bytes = new Uint8Array(await file.arrayBuffer());
			const refusal = refusalOf(file.name, bytes) ?? countRefusal([...this.items.map((m) => m.kind), formatOfName(file.name)?.kind ?? 'document']);
			const type = formatOfName(file.name);
			if (refusal || !type) {
				this.refuse(refusal ?? `"${file.name}" cannot be attached.`);
				continue;
			}
			const item: MediaAttachment = { kind: type.kind, name: file.name.slice(0, LIMITS.labelChars), format: type.format, data: toBase64(bytes) };
			this.items.push(item);
			added.push(item);
		}
		this.render();
		const notTaken = this.model && modelInputRefusal(added, this.model);
		if (notTaken) this.refuse(notTaken, true);
	}

	private render(): void {
		this.chips.replaceChildren(
			...this.items.map((item, index) => {
				const remove = el('button', { className: 'chip-remove', text: '×', title: 'Remove', attrs: { 'aria-label': `Remove ${item.name}`, type: 'button' } });
				remove.addEventListener('click', () => {
					this.items.splice(index, 1);
					this.render();
				});
				const notTaken = this.model !== undefined && !takes(this.model.inputs, item.kind);
				const title = notTaken ? `${item.kind}: ${item.name} (${this.model?.name} does not take ${item.kind}s; not sent with it)` : `${item.kind}: ${item.name}`;
				return el(
					'span',
					{ className: `chip media${notTaken ? ' not-taken' : ''}`, title, attrs: { 'data-testid': 'attachment', ...(notTaken ? { 'data-not-taken': 'true' } : {}) } },
					document.createTextNode(item.name),
					remove,
				);
			}),
		);
	}
}
