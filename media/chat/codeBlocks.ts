// Copy / Insert at cursor / Open in new editor buttons on every code block of a reply, and
// link handling. The page never acts itself: it asks the host, which owns the clipboard,
// the editors and the browser (after the user confirms a link).
import { el } from './dom';
import { post } from './vscodeApi';

const ACTIONS = [
	{ action: 'copy', label: 'Copy', title: 'Copy the code' },
	{ action: 'insert', label: 'Insert', title: 'Insert at the cursor of the last active editor' },
	{ action: 'open', label: 'Open', title: 'Open in a new editor' },
] as const;

/** Adds the toolbar to each <pre> that does not have one yet. */
export function decorateCodeBlocks(container: HTMLElement): void {
	for (const pre of container.querySelectorAll('pre')) {
		if (pre.previousElementSibling?.classList.contains('code-toolbar')) {
			continue;
		}
		const toolbar = el('div', { className: 'code-toolbar' });
		const language = codeLanguage(pre);
		if (language) {
			toolbar.append(el('span', { className: 'code-language', text: language }));
		}
		for (const { action, label, title } of ACTIONS) {
			toolbar.append(el('button', { className: 'code-action', text: label, title, attrs: { 'data-code-action': action, type: 'button' } }));
		}
		pre.before(toolbar);
	}
}

function codeLanguage(pre: Element): string {
	const code = pre.querySelector('code');
	const match = /(?:^|\s)language-([\w+#.-]+)/.exec(code?.className ?? '');
	return match?.[1] ?? '';
}

/** One delegated listener for the transcript: code buttons and links. */
export function handleTranscriptClicks(root: HTMLElement): void {
	const onClick = (event: MouseEvent) => {
		const target = event.target instanceof Element ? event.target : null;
		const button = target?.closest<HTMLButtonElement>('button[data-code-action]');
		if (button) {
			const pre = button.parentElement?.nextElementSibling;
			// The whole block as shown: render() leaves no markup in it that could hide text.
			const code = pre?.localName === 'pre' ? (pre.textContent ?? '') : '';
			const action = button.dataset.codeAction;
			if (action === 'copy') {
				post({ type: 'copy', text: code });
			} else if (action === 'insert') {
				post({ type: 'insertCode', code });
			} else if (action === 'open') {
				post({ type: 'openCode', code, language: pre ? codeLanguage(pre) : '' });
			}
			return;
		}
		const link = target?.closest('a');
		if (link) {
			// Stop here: VS Code's own webview link handler would otherwise open it without asking.
			event.preventDefault();
			event.stopPropagation();
			const href = link.getAttribute('href');
			if (href && event.type === 'click') {
				post({ type: 'openLink', href });
			}
		}
	};
	root.addEventListener('click', onClick);
	root.addEventListener('auxclick', onClick);
}
