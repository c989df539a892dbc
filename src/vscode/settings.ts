// Typed reads of the `bedrockConnect.*` settings the sign-in layer uses (read on each use,
// so a changed setting applies at once).
import * as vscode from 'vscode';
import { parseSsoFlowSetting, type SsoFlowSetting } from './ssoFlowChoice';

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

/**
 * A setting only the user (or the machine's admin) may set: user/remote settings or the default,
 * never a workspace's or folder's value. A repository's .vscode/settings.json must not be able
 * to lift the allowed-roles policy or inject a system prompt (the settings are also
 * "scope": "machine" in package.json; this read does not rely on VS Code honouring that).
 */
export function userOnlySetting<T>(config: vscode.WorkspaceConfiguration, key: string): T | undefined {
	const inspected = config.inspect<T>(key);
	return inspected?.globalValue ?? inspected?.defaultValue;
}

/** bedrockConnect.chat.systemPrompt, from user settings only (see userOnlySetting). */
export function readSystemPrompt(): string {
	const value = userOnlySetting<string>(vscode.workspace.getConfiguration('bedrockConnect.chat'), 'systemPrompt');
	return typeof value === 'string' ? value.trim() : '';
}

export function readSettings(): SignInSettings {
	const c = vscode.workspace.getConfiguration('bedrockConnect');
	const text = (key: string) => (c.get<string>(key) ?? '').trim();
	const strings = (value: unknown): string[] => (Array.isArray(value) ? value : []).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
	const policyList = (key: string) => strings(userOnlySetting<string[]>(c, key));
	const minutes = c.get<number>('expiryWarningMinutes');
	return {
		ssoStartUrl: text('sso.startUrl'),
		ssoRegion: text('sso.region'),
		ssoAccountId: text('sso.accountId'),
		ssoRoleName: text('sso.roleName'),
		profile: text('profile'),
		region: text('region'),
		allowedRoles: policyList('allowedRoles'),
		allowedAccounts: policyList('allowedAccounts'),
		expiryWarningMinutes: typeof minutes === 'number' && minutes >= 0 ? minutes : 10,
	};
}

/**
 * bedrockConnect.mfa.sessionDurationHours: how long one MFA code lasts (the engine keeps it within
 * IAM's limits). User settings only: a repository must not lengthen what one code unlocks.
 */
export function readMfaSessionDurationHours(): number | undefined {
	const hours = userOnlySetting<number>(vscode.workspace.getConfiguration('bedrockConnect'), 'mfa.sessionDurationHours');
	return typeof hours === 'number' && Number.isFinite(hours) ? hours : undefined;
}

/** bedrockConnect.sso.flow: how an IAM Identity Center sign-in runs (see ssoFlowChoice.ts). */
export function readSsoFlowSetting(): SsoFlowSetting {
	return parseSsoFlowSetting(vscode.workspace.getConfiguration('bedrockConnect').get('sso.flow'));
}

/**
 * bedrockConnect.sso.shareTokenWithCli, from user settings only (see userOnlySetting): a
 * repository must not make us write a token to ~/.aws/sso/cache.
 */
export function readShareTokenWithCli(): boolean {
	return userOnlySetting<boolean>(vscode.workspace.getConfiguration('bedrockConnect'), 'sso.shareTokenWithCli') === true;
}

/** VS Code's own proxy settings, as plain data for the engine (src/aws never reads vscode). */
export function readHttpSettings(): { proxy?: string; proxyStrictSSL?: boolean; noProxy?: string[] } {
	const c = vscode.workspace.getConfiguration('http');
	const proxy = (c.get<string>('proxy') ?? '').trim();
	const strict = c.get<boolean>('proxyStrictSSL');
	const noProxy = (c.get<string[]>('noProxy') ?? []).filter((v) => typeof v === 'string' && v.trim() !== '');
	return { ...(proxy ? { proxy } : {}), ...(typeof strict === 'boolean' ? { proxyStrictSSL: strict } : {}), ...(noProxy.length ? { noProxy } : {}) };
}

/** The settings readHttpSettings reads: a change to any of them rebuilds the engine's network settings. */
export const HTTP_SETTING_KEYS = ['http.proxy', 'http.proxyStrictSSL', 'http.noProxy'] as const;

export async function writeRegionSetting(region: string): Promise<void> {
	await vscode.workspace.getConfiguration('bedrockConnect').update('region', region, vscode.ConfigurationTarget.Global);
}

/** bedrockConnect.terminal.shareCredentials, from user settings only: a repository's tasks must not turn it on. */
export function readShareCredentials(): boolean {
	return userOnlySetting<boolean>(vscode.workspace.getConfiguration('bedrockConnect'), 'terminal.shareCredentials') !== false;
}
