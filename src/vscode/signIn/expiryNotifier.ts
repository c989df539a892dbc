// Shows each expiry warning once per transition, with "Sign in again" to start over.
import * as vscode from 'vscode';
import type { ExpiryWarning } from './expiryWarning';

export class ExpiryNotifier {
	/** Key of the last warning shown (or already shown in an earlier run). */
	private announced?: string;

	announce(warning: ExpiryWarning | undefined): void {
		if (!warning || warning.key === this.announced) {
			return;
		}
		this.announced = warning.key;
		const show = warning.level === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
		void show(warning.message, 'Sign in again').then((choice) => {
			if (choice) {
				void vscode.commands.executeCommand(warning.command ?? 'bedrockConnect.signIn');
			}
		});
	}

	/** Counts `key` as shown, e.g. an expiry an earlier run already announced. */
	markAnnounced(key: string): void {
		this.announced = key;
	}

	/** After a sign-out, the next sign-in's warnings are news again. */
	reset(): void {
		this.announced = undefined;
	}
}
