// "AWS: Show Identity" (each fact an item that copies itself) and the status-bar menu.
import * as vscode from 'vscode';
import { redactSecrets } from '../../aws/redaction';
import { pick } from '../prompts';
import { formatTimeLeft, formatUtc } from '../statusFormat';
import { type CommandDeps, registerCommand } from './commandDeps';

export const STATUS_MENU_COMMAND = 'bedrockConnect.statusMenu';

export function registerIdentityCommands(deps: CommandDeps): vscode.Disposable[] {
	return [registerCommand(deps, 'showIdentity', () => showIdentity(deps)), registerCommand(deps, 'statusMenu', () => statusMenu(deps))];
}

async function showIdentity(deps: CommandDeps): Promise<void> {
	await deps.signInManager.restore();
	const { display, state, errorMessage } = deps.signInManager.snapshot;
	if (!display) {
		const choice = await vscode.window.showInformationMessage('You are not signed in to AWS.', 'Sign In…');
		if (choice) {
			await vscode.commands.executeCommand('bedrockConnect.signIn');
		}
		return;
	}
	const now = Date.now();
	const facts: Array<[string, string | undefined]> = [
		['Account', display.accountName ? `${display.accountId} (${display.accountName})` : display.accountId],
		['ARN', display.arn],
		['User ID', display.userId],
		['Role', display.roleName],
		['Method', display.methodLabel],
		['Region', display.region],
		[
			'Expires',
			display.expiresAt === undefined
				? display.canRefresh ? 'renews automatically' : 'unknown'
				: `${formatUtc(display.expiresAt)}${display.expiresAt > now ? ` (in ${formatTimeLeft(display.expiresAt - now)})` : ' (expired)'}`,
		],
		['State', state === 'error' && errorMessage ? `error: ${redactSecrets(errorMessage)}` : state],
	];
	const present = facts.filter((f): f is [string, string] => Boolean(f[1]));
	const all = present.map(([k, v]) => `${k}: ${v}`).join('\n');
	const items: Array<vscode.QuickPickItem & { copy: string }> = [
		...present.map(([label, value]) => ({ label: value, description: label, copy: value })),
		{ label: '', kind: vscode.QuickPickItemKind.Separator, copy: '' },
		{ label: '$(copy) Copy all', description: 'as text', copy: all },
	];
	const choice = await pick(items, { title: 'AWS identity — choose a line to copy it', matchOnDescription: true });
	await vscode.env.clipboard.writeText(choice.copy);
	vscode.window.setStatusBarMessage(`$(check) Copied ${choice.description === 'as text' ? 'the identity' : choice.description}`, 3_000);
}

interface MenuItem extends vscode.QuickPickItem {
	command?: string;
}

async function statusMenu(deps: CommandDeps): Promise<void> {
	const { display, state } = deps.signInManager.snapshot;
	const item = (label: string, command: string, description?: string): MenuItem => ({ label, command: `bedrockConnect.${command}`, description });
	const items: MenuItem[] = display
		? [
				...(state === 'expired' || state === 'expiring' || state === 'error' ? [item('$(sign-in) Sign in again…', 'signIn')] : []),
				item('$(account) Show Identity', 'showIdentity', `${display.name} · ${display.accountName || display.accountId}`),
				item('$(arrow-swap) Switch Account or Role…', 'switchAccountRole'),
				item('$(globe) Select Region…', 'selectRegion', display.region),
				item('$(refresh) Refresh Credentials', 'refresh'),
				item('$(shield) Assume Role…', 'assumeRole'),
				item('$(pulse) Diagnose Credentials', 'diagnose'),
				item('$(comment-discussion) Open Bedrock Chat', 'openChat'),
				{ label: '', kind: vscode.QuickPickItemKind.Separator },
				item('$(sign-out) Sign Out', 'signOut'),
			]
		: [
				item('$(sign-in) Sign In…', 'signIn', 'every method'),
				item('$(organization) Sign In with IAM Identity Center (SSO)', 'signInWithSso'),
				item('$(file) Use Profile…', 'useProfile'),
				item('$(terminal) Use Environment Credentials', 'useEnvironment'),
				item('$(key) Sign In with Access Keys…', 'signInWithAccessKeys'),
				item('$(globe) Select Region…', 'selectRegion'),
				item('$(pulse) Diagnose Credentials', 'diagnose'),
			];
	const choice = await vscode.window.showQuickPick(items, { title: 'AWS', placeHolder: display ? `Signed in as ${display.name}` : 'Not signed in' });
	if (choice?.command) {
		await vscode.commands.executeCommand(choice.command);
	}
}
