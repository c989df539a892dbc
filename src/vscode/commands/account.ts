// Commands that change the current sign-in without a new one: switch account or role,
// select the region, refresh the credentials, sign out.
import * as vscode from 'vscode';
import { BedrockConnectError } from '../../aws/errors';
import { ask, pick } from '../prompts';
import { writeRegionSetting } from '../settings';
import { pickAccountAndRole } from '../ssoSignIn';
import { formatUtc } from '../statusFormat';
import { validateRegion } from '../validators';
import { type CommandDeps, registerCommand } from './commandDeps';

/** Regions where Amazon Bedrock is offered, most used first; anything else via "Other…". */
export const COMMON_REGIONS: ReadonlyArray<[string, string]> = [
	['us-east-1', 'US East (N. Virginia)'],
	['us-west-2', 'US West (Oregon)'],
	['us-east-2', 'US East (Ohio)'],
	['eu-central-1', 'Europe (Frankfurt)'],
	['eu-west-1', 'Europe (Ireland)'],
	['eu-west-3', 'Europe (Paris)'],
	['eu-north-1', 'Europe (Stockholm)'],
	['ap-northeast-1', 'Asia Pacific (Tokyo)'],
	['ap-southeast-2', 'Asia Pacific (Sydney)'],
	['ap-south-1', 'Asia Pacific (Mumbai)'],
	['ca-central-1', 'Canada (Central)'],
	['sa-east-1', 'South America (São Paulo)'],
];

export function registerAccountCommands(deps: CommandDeps): vscode.Disposable[] {
	return [
		registerCommand(deps, 'switchAccountRole', () => switchAccountRole(deps)),
		registerCommand(deps, 'selectRegion', () => selectRegion(deps)),
		registerCommand(deps, 'refresh', () => refresh(deps)),
		registerCommand(deps, 'signOut', () => signOut(deps)),
	];
}

async function switchAccountRole(deps: CommandDeps): Promise<void> {
	await deps.signInManager.restore();
	const spec = deps.signInManager.currentSpec;
	if (spec?.method !== 'sso') {
		// Only Identity Center knows the other accounts and roles; elsewhere a new sign-in is the switch.
		await vscode.commands.executeCommand('bedrockConnect.signIn');
		return;
	}
	const engine = await deps.getEngine();
	const target = { startUrl: spec.startUrl, ssoRegion: spec.ssoRegion };
	const next = await pickAccountAndRole(engine, target, {});
	await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'AWS: switching…' }, () =>
		deps.signInManager.establish(next, { accountName: next.accountName }),
	);
	const display = deps.signInManager.snapshot.display;
	void vscode.window.showInformationMessage(`Now using ${next.roleName} in ${display?.accountName ?? next.accountId}.`);
}

async function selectRegion(deps: CommandDeps): Promise<void> {
	const current = deps.settings().region || deps.signInManager.snapshot.display?.region;
	const other = { label: '$(edit) Other region…', region: '' };
	const items = [
		...COMMON_REGIONS.map(([region, name]) => ({
			label: region,
			description: region === current ? `${name} · current` : name,
			region,
		})),
		other,
	];
	const choice = await pick(items, { title: 'AWS region for STS and Bedrock', placeHolder: current ? `Current: ${current}` : 'Choose a region' });
	const region = choice.region || (await ask({ title: 'AWS region', prompt: 'Region code', placeHolder: 'e.g. ap-southeast-1', value: current, validate: validateRegion }));
	// The configuration listener re-opens the sign-in in the new region.
	await writeRegionSetting(region);
}

async function refresh(deps: CommandDeps): Promise<void> {
	const identity = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'AWS: refreshing credentials…' }, () =>
		deps.signInManager.refresh(),
	);
	const display = deps.signInManager.snapshot.display;
	const until = display?.expiresAt ? ` Valid until ${formatUtc(display.expiresAt)}.` : '';
	void vscode.window.showInformationMessage(
		identity ? `AWS credentials refreshed for ${display?.name ?? identity.arn}.${until}` : `AWS credentials refreshed.${until}`,
	);
}

async function signOut(deps: CommandDeps): Promise<void> {
	const snapshot = deps.signInManager.snapshot;
	if (snapshot.state === 'signedOut' && !deps.signInManager.currentSpec) {
		throw new BedrockConnectError('SignInRequired', 'You are not signed in to AWS.');
	}
	const leftovers = await deps.signInManager.signOut();
	if (leftovers.length === 0) {
		void vscode.window.showInformationMessage('Signed out of AWS. Stored keys and tokens were deleted.');
	} else {
		// Only what really went is claimed gone.
		void vscode.window.showWarningMessage(`Signed out of AWS, but ${leftovers.join(', ')} could not be deleted; see the Bedrock Connect log and try signing out again.`);
	}
}
