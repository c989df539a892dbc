// Records what the VS Code layer shows and runs through the vscode stand-in (messages,
// commands, quick picks, input boxes, progress) and answers its questions from a script.
import type * as vscode from 'vscode';
import { vscodeStub } from './vscodeStubModule';

export interface ShownMessage {
	level: 'info' | 'warning' | 'error';
	text: string;
	actions: string[];
}

type Writable = Record<string, unknown>;

export class VscodeUiRecorder {
	readonly messages: ShownMessage[] = [];
	readonly executed: string[] = [];
	readonly commands = new Map<string, (...args: unknown[]) => unknown>();
	readonly progressTitles: string[] = [];
	/** Answers for showInputBox, in order; undefined is Escape. */
	readonly inputs: Array<string | undefined> = [];
	/** Picks for showQuickPick: a function choosing among the offered items. */
	readonly picks: Array<(items: vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined> = [];
	/** The action a message answers with (e.g. 'Sign in again'); undefined: dismissed. */
	messageChoice: string | undefined;
	private readonly originals: Array<[Writable, string, unknown]> = [];

	install(): this {
		const window = vscodeStub.window as unknown as Writable;
		const commands = vscodeStub.commands as unknown as Writable;
		const message = (level: ShownMessage['level']) => async (text: string, ...actions: string[]) => {
			this.messages.push({ level, text, actions });
			return this.messageChoice;
		};
		this.replace(window, 'showInformationMessage', message('info'));
		this.replace(window, 'showWarningMessage', message('warning'));
		this.replace(window, 'showErrorMessage', message('error'));
		this.replace(window, 'showInputBox', async () => this.inputs.shift());
		this.replace(window, 'showQuickPick', async (items: vscode.QuickPickItem[] | Thenable<vscode.QuickPickItem[]>) => {
			const choose = this.picks.shift();
			return choose ? choose(await items) : undefined;
		});
		this.replace(window, 'withProgress', async (options: vscode.ProgressOptions, task: (progress: unknown, token: unknown) => Promise<unknown>) => {
			this.progressTitles.push(options.title ?? '');
			return task({ report: () => undefined }, { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) });
		});
		this.replace(commands, 'registerCommand', (id: string, run: (...args: unknown[]) => unknown) => {
			this.commands.set(id, run);
			return { dispose: () => this.commands.delete(id) };
		});
		this.replace(commands, 'executeCommand', async (id: string) => {
			this.executed.push(id);
			return undefined;
		});
		return this;
	}

	/** Runs a registered command as VS Code would. */
	async run(id: string, ...args: unknown[]): Promise<unknown> {
		const command = this.commands.get(id);
		if (!command) {
			throw new Error(`command ${id} is not registered`);
		}
		return command(...args);
	}

	uninstall(): void {
		for (const [target, key, value] of this.originals.reverse()) {
			target[key] = value;
		}
		this.originals.length = 0;
	}

	private replace(target: Writable, key: string, value: unknown): void {
		this.originals.push([target, key, target[key]]);
		target[key] = value;
	}
}
