// Typed reads of the `bedrockConnect.*` settings the sign-in layer uses (read on each use,
// so a changed setting applies at once).
import * as vscode from 'vscode';

export interface SignInSettings {
	ssoStartUrl: string;
	ssoRegion: string;
	ssoAccountId: string;
	ssoRoleName: string;
	profile: string;
	region: string;
	allowedRoles: string[];
	allowedAccounts: string[];
	expiryWarningMinutes: number;
}

export function readSettings(): SignInSettings {
	const c = vscode.workspace.getConfiguration('bedrockConnect');
	const text = (key: string) => (c.get<string>(key) ?? '').trim();
	const list = (key: string) => (c.get<string[]>(key) ?? []).filter((v) => typeof v === 'string' && v.trim() !== '');
	const minutes = c.get<number>('expiryWarningMinutes');
	return {
		ssoStartUrl: text('sso.startUrl'),
		ssoRegion: text('sso.region'),
		ssoAccountId: text('sso.accountId'),
		ssoRoleName: text('sso.roleName'),
		profile: text('profile'),
		region: text('region'),
		allowedRoles: list('allowedRoles'),
		allowedAccounts: list('allowedAccounts'),
		expiryWarningMinutes: typeof minutes === 'number' && minutes >= 0 ? minutes : 10,
	};
}

export async function writeRegionSetting(region: string): Promise<void> {
	await vscode.workspace.getConfiguration('bedrockConnect').update('region', region, vscode.ConfigurationTarget.Global);
}
