// "AWS: Manage Extension Access to Credentials…": lists the extensions the user allowed or denied
// and forgets the picked ones (they are asked again on their next call); also the consent prompt.
import * as vscode from 'vscode';
import type { AccessDecision, CredentialAccess } from '../api/credentialAccess';
import { type CommandDeps, registerCommand } from './commandDeps';

function displayName(extensionId: string): string {
	const name = (vscode.extensions.getExtension(extensionId)?.packageJSON as { displayName?: unknown } | undefined)?.displayName;
	return typeof name === 'string' && name.trim() ? `${name} (${extensionId})` : extensionId;
}

/** The consent question, modal: an extension asking for credentials is worth an interruption. */
export async function askCredentialAccess(extensionId: string): Promise<AccessDecision | undefined> {
	const choice = await vscode.window.showWarningMessage(
		`The extension ${displayName(extensionId)} wants to use your AWS sign-in's credentials.`,
		{ modal: true, detail: 'It can then call AWS as you until you revoke this with "AWS: Manage Extension Access to Credentials…".' },
		'Allow',
		'Deny',
	);
	return choice === 'Allow' ? 'allowed' : choice === 'Deny' ? 'denied' : undefined;
}

export function registerCredentialAccessCommand(deps: CommandDeps, access: CredentialAccess): vscode.Disposable[] {
	return [registerCommand(deps, 'manageCredentialAccess', () => manage(access))];
}

async function manage(access: CredentialAccess): Promise<void> {
	const decisions = Object.entries(access.decisions());
	if (decisions.length === 0) {
		void vscode.window.showInformationMessage('No extension has asked for your AWS credentials yet.');
		return;
	}
	const picked = await vscode.window.showQuickPick(
		decisions.map(([id, decision]) => ({ label: displayName(id), description: decision, id })),
		{ canPickMany: true, title: 'Forget these decisions (the extension is asked again on its next call)', placeHolder: 'Pick extensions to revoke' },
	);
	if (!picked?.length) {
		return;
	}
	await access.forget(picked.map((p) => p.id));
	void vscode.window.showInformationMessage(`Forgot ${picked.length === 1 ? 'the decision' : `${picked.length} decisions`}: ${picked.map((p) => p.id).join(', ')}.`);
}
