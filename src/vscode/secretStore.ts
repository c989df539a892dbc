// The SecretStore port over VS Code SecretStorage (the OS keychain, or the browser's
// storage in code-server). Values read or written are registered with the log redactor,
// and `onDidChange` carries other windows' sign-ins and sign-outs to this one.
import * as vscode from 'vscode';
import type { SecretStore } from '../aws/ports';
import type { SecretRedactor } from '../aws/redaction';

export class VscodeSecretStore implements SecretStore, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<string>();
	/** Fires with the key whenever any window of this extension stores or deletes it. */
	readonly onDidChange: vscode.Event<string> = this.changed.event;
	private readonly subscription: vscode.Disposable;

	constructor(
		private readonly secrets: vscode.SecretStorage,
		private readonly redactor: SecretRedactor,
	) {
		this.subscription = secrets.onDidChange((e) => this.changed.fire(e.key));
	}

	async get(key: string): Promise<string | undefined> {
		const value = await this.secrets.get(key);
		this.redactor.addFromStoredValue(value);
		return value;
	}

	async store(key: string, value: string): Promise<void> {
		this.redactor.addFromStoredValue(value);
		await this.secrets.store(key, value);
	}

	async delete(key: string): Promise<void> {
		await this.secrets.delete(key);
	}

	dispose(): void {
		this.subscription.dispose();
		this.changed.dispose();
	}
}
