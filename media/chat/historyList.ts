// Earlier conversations: a list to reopen or delete them, toggled by the History button.
import type { ConversationSummary } from '../../src/shared/protocol';
import { el } from './dom';
import { post, saveState } from './vscodeApi';

export class HistoryList {
	private currentId = '';

	constructor(
		private readonly root: HTMLElement,
		private readonly toggle: HTMLButtonElement,
		open: boolean,
	) {
		toggle.addEventListener('click', () => this.setOpen(this.root.hidden !== false));
		this.setOpen(open);
	}

	setCurrent(id: string): void {
		this.currentId = id;
		for (const item of this.root.querySelectorAll<HTMLElement>('[data-conversation]')) {
			item.classList.toggle('current', item.dataset.conversation === id);
		}
	}

	update(conversations: readonly ConversationSummary[]): void {
		if (conversations.length === 0) {
			this.root.replaceChildren(el('div', { className: 'empty', text: 'No earlier conversations.' }));
			return;
		}
		this.root.replaceChildren(
			...conversations.map((c) => {
				const open = el('button', { className: 'history-open', text: c.title, title: `${c.title}\n${new Date(c.updatedAt).toLocaleString()} · ${c.messageCount} messages` });
				open.addEventListener('click', () => post({ type: 'openConversation', conversationId: c.id }));
				const remove = el('button', { className: 'history-delete', text: '×', title: 'Delete this conversation', attrs: { 'aria-label': `Delete ${c.title}` } });
				remove.addEventListener('click', () => post({ type: 'deleteConversation', conversationId: c.id }));
				const when = el('span', { className: 'history-when', text: new Date(c.updatedAt).toLocaleDateString() });
				const item = el('div', { className: 'history-item', attrs: { 'data-conversation': c.id } }, open, when, remove);
				item.classList.toggle('current', c.id === this.currentId);
				return item;
			}),
		);
	}

	private setOpen(open: boolean): void {
		this.root.hidden = !open;
		this.toggle.setAttribute('aria-expanded', String(open));
		saveState({ historyOpen: open });
	}
}
