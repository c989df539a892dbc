// Activation: build the services and register the contract's commands. No logic here.
import * as vscode from 'vscode';

const COMMANDS = [
	'signIn', 'signInWithSso', 'useProfile', 'useEnvironment', 'signInWithAccessKeys', 'assumeRole',
	'switchAccountRole', 'selectRegion', 'refresh', 'showIdentity', 'diagnose', 'signOut',
	'openChat', 'newChat', 'selectModel',
];

export function activate(context: vscode.ExtensionContext): void {
	const item = vscode.window.createStatusBarItem('bedrockConnect.identity', vscode.StatusBarAlignment.Left, 100);
	item.name = 'AWS Identity';
	item.text = '$(account) AWS: Sign In';
	item.command = 'bedrockConnect.signIn';
	item.show();
	context.subscriptions.push(item);
	for (const id of COMMANDS) {
		context.subscriptions.push(
			vscode.commands.registerCommand(`bedrockConnect.${id}`, () =>
				vscode.window.showInformationMessage(`Bedrock Connect: ${id} is not yet available.`),
			),
		);
	}
}

export function deactivate(): void {}
