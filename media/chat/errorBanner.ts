// The error banner (test id `error`): what went wrong, what to do, and buttons that do it.
import type { ChatErrorView, ErrorActionId } from '../../src/shared/protocol';
import { el } from './dom';

const LABELS: Record<ErrorActionId, string> = {
	signIn: 'Sign in',
	retry: 'Retry',
	chooseModel: 'Choose model',
	openSettings: 'Open settings',
};

export class ErrorBanner {
	constructor(
		private readonly root: HTMLElement,
		private readonly onAction: (action: ErrorActionId) => void,
	) {}

	show(error: ChatErrorView): void {
		this.render(error.message, error.action, error.actions, error.code);
	}

	/** After a successful sign-in the banner turns into a prompt to retry what failed. */
	showSignedIn(canRetry: boolean): void {
		this.render('Signed in to AWS.', canRetry ? 'Retry to send your message.' : undefined, canRetry ? ['retry'] : [], 'SignedIn');
	}

	hide(): void {
		this.root.hidden = true;
		this.root.replaceChildren();
	}

	private render(message: string, action: string | undefined, actions: readonly ErrorActionId[], code: string): void {
		const buttons = actions.map((id) => {
			const button = el('button', { text: LABELS[id], attrs: { 'data-action': id, type: 'button' } });
			button.addEventListener('click', () => this.onAction(id));
			return button;
		});
		const dismiss = el('button', { className: 'secondary dismiss', text: 'Dismiss', attrs: { 'data-action': 'dismiss', type: 'button' } });
		dismiss.addEventListener('click', () => this.hide());
		this.root.dataset.code = code;
		this.root.replaceChildren(
			el('div', { className: 'error-text' }, el('strong', { text: message }), ...(action ? [el('span', { text: ` ${action}` })] : [])),
			el('div', { className: 'error-actions' }, ...buttons, dismiss),
		);
		this.root.hidden = false;
	}
}
