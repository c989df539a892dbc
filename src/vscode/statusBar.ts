// The identity item on the left of the status bar. All wording comes from the pure
// formatter; this class only owns the item and re-renders on changes and on each tick
// of the shared expiry clock (30 s), so the countdown moves at least once a minute.
import * as vscode from 'vscode';
import type { SignInManager } from './signInManager';
import type { ExpiryClock } from './signIn/expiryClock';
import { formatStatus } from './statusFormat';
import { STATUS_MENU_COMMAND } from './commands/identity';

export class IdentityStatusBar implements vscode.Disposable {
	private readonly item: vscode.StatusBarItem;
	private readonly subscriptions: vscode.Disposable[] = [];
	private lastKey = '';

	constructor(
		private readonly signInManager: Pick<SignInManager, 'snapshot' | 'onDidChangeConnection'>,
		private readonly clock: ExpiryClock,
		private readonly warningMinutes: () => number,
	) {
		// The id overload lets users hide or move the item like VS Code's own.
		this.item = vscode.window.createStatusBarItem('bedrockConnect.identity', vscode.StatusBarAlignment.Left, 100);
		this.item.name = 'AWS Identity';
		this.item.command = STATUS_MENU_COMMAND;
		this.subscriptions.push(signInManager.onDidChangeConnection(() => this.render()));
		this.subscriptions.push(
			vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('bedrockConnect.expiryWarningMinutes') && this.render()),
		);
		this.subscriptions.push(clock.onTick(() => this.render()));
		this.render();
		this.item.show();
	}

	render(): void {
		const view = formatStatus({ ...this.signInManager.snapshot, now: this.clock.now(), warningMinutes: this.warningMinutes() });
		const key = `${view.text}|${view.background}|${view.tooltip}`;
		if (key === this.lastKey) {
			return;
		}
		this.lastKey = key;
		this.item.text = view.text;
		const tooltip = new vscode.MarkdownString(view.tooltip, true);
		this.item.tooltip = tooltip;
		this.item.backgroundColor =
			view.background === 'error'
				? new vscode.ThemeColor('statusBarItem.errorBackground')
				: view.background === 'warning'
					? new vscode.ThemeColor('statusBarItem.warningBackground')
					: undefined;
	}

	dispose(): void {
		for (const s of this.subscriptions) {
			s.dispose();
		}
		this.item.dispose();
	}
}
