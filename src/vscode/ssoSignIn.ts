// The IAM Identity Center sign-in as the user sees it: where the start URL comes from, the
// device-code or browser (PKCE) progress, then the account and role pickers.
import * as vscode from 'vscode';
import type { DeviceCodeInfo, Engine, SignInSpec, SsoAccount, SsoSignInFlow } from '../aws/engineTypes';
import { BedrockConnectError } from '../aws/errors';
import type { Logger } from '../aws/ports';
import { ask, cancelled, pick } from './prompts';
import { readSsoFlowSetting, type SignInSettings } from './settings';
import { chooseSsoFlow } from './ssoFlowChoice';
import { validateRegion, validateStartUrl } from './validators';

export interface SsoTarget {
	startUrl: string;
	ssoRegion: string;
}

type SsoSpec = Extract<SignInSpec, { method: 'sso' }>;

const COPY_AND_OPEN = 'Copy code and open browser';
const COPY_AND_OPEN_COMMAND = 'bedrockConnect.copyDeviceCodeAndOpen';
const OPEN_AUTHORIZATION = 'Open the sign-in page again';
const OPEN_AUTHORIZATION_COMMAND = 'bedrockConnect.openSsoAuthorizationPage';

/**
 * The start URL and region: from the settings, else from the SSO profiles in the user's
 * config (the only one, or a choice), else asked for.
 */
export async function resolveSsoTarget(engine: Engine, settings: SignInSettings): Promise<SsoTarget> {
	if (settings.ssoStartUrl && settings.ssoRegion) {
		return { startUrl: settings.ssoStartUrl, ssoRegion: settings.ssoRegion };
	}
	const known = new Map<string, SsoTarget & { label: string }>();
	for (const p of await engine.listProfiles()) {
		if (p.ssoStartUrl && p.ssoRegion && (!settings.ssoStartUrl || p.ssoStartUrl === settings.ssoStartUrl)) {
			known.set(`${p.ssoStartUrl} ${p.ssoRegion}`, { startUrl: p.ssoStartUrl, ssoRegion: p.ssoRegion, label: p.ssoSessionName ?? p.name });
		}
	}
	const targets = [...known.values()];
	if (targets.length === 1) {
		return targets[0];
	}
	if (targets.length > 1) {
		const other = { label: '$(edit) Enter another start URL…', target: undefined };
		const choice = await pick(
			[...targets.map((t) => ({ label: t.startUrl, description: `${t.ssoRegion} · ${t.label}`, target: t as SsoTarget | undefined })), other],
			{ title: 'Sign in with IAM Identity Center', placeHolder: 'Which IAM Identity Center?' },
		);
		if (choice.target) {
			return choice.target;
		}
	}
	const startUrl =
		settings.ssoStartUrl ||
		(await ask({
			title: 'Sign in with IAM Identity Center',
			step: [1, 2],
			prompt: 'The start URL of your AWS access portal (ask your administrator, or copy it from the portal).',
			placeHolder: 'https://my-org.awsapps.com/start',
			validate: validateStartUrl,
		}));
	const ssoRegion =
		settings.ssoRegion ||
		(await ask({
			title: 'Sign in with IAM Identity Center',
			step: [2, 2],
			prompt: 'The region of your IAM Identity Center (shown in the portal, e.g. us-east-1).',
			value: 'us-east-1',
			validate: validateRegion,
		}));
	return { startUrl, ssoRegion };
}

/** Runs the sign-in flow (bedrockConnect.sso.flow) unless a usable token is already there (ours or the CLI's). */
export async function ensureSsoToken(engine: Engine, target: SsoTarget, logger: Logger, options: { force?: boolean } = {}): Promise<void> {
	if (!options.force && (await engine.hasSsoToken(target.startUrl, target.ssoRegion))) {
		logger.info(`reusing the stored SSO token for ${target.startUrl}`);
		return;
	}
	const flow = chooseSsoFlow(readSsoFlowSetting(), { remoteName: vscode.env.remoteName, web: vscode.env.uiKind === vscode.UIKind.Web });
	logger.info(`IAM Identity Center sign-in with ${flow === 'device' ? 'the device code' : flow === 'pkce' ? 'authorization code + PKCE' : 'authorization code + PKCE (device code if no loopback port)'}`);
	await runSsoSignInFlow(engine, target, flow);
}

/** The code of the device flow in progress, for the notification's link (one flow at a time). */
let pendingCode: DeviceCodeInfo | undefined;
/** The authorization page of the PKCE sign-in in progress, for "Open the sign-in page again". */
let pendingAuthorizationUrl: URL | undefined;

/** The commands behind the progress notification's links: copy the device code and open, or open the PKCE page again. */
export function registerDeviceCodeCommand(): vscode.Disposable {
	return vscode.Disposable.from(
		vscode.commands.registerCommand(OPEN_AUTHORIZATION_COMMAND, async () => {
			if (pendingAuthorizationUrl) {
				await vscode.env.openExternal(vscode.Uri.parse(pendingAuthorizationUrl.href));
			}
		}),
		registerCopyAndOpenCommand(),
	);
}

function registerCopyAndOpenCommand(): vscode.Disposable {
	return vscode.commands.registerCommand(COPY_AND_OPEN_COMMAND, async () => {
		const info = pendingCode;
		if (!info) {
			return;
		}
		try {
			await vscode.env.clipboard.writeText(info.userCode);
		} catch {
			// Some browsers refuse clipboard access to code-server; the code is on the page anyway.
		}
		const url = safeVerificationUrl(info.verificationUriComplete) ?? safeVerificationUrl(info.verificationUri);
		if (url) {
			await vscode.env.openExternal(vscode.Uri.parse(url.href));
		}
	});
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** All of 127.0.0.0/8 is loopback (an emulator on 127.0.0.2 escapes code-server's localhost port proxy). */
const LOOPBACK_V4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * The verification address when it is one a browser may be sent to: https:, or http: on
 * loopback (the emulator). The address comes from the network; command:, file: and the
 * like must never be opened or linked.
 */
export function safeVerificationUrl(text: string): URL | undefined {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return undefined;
	}
	const ok = url.protocol === 'https:' || (url.protocol === 'http:' && (LOOPBACK_HOSTS.has(url.hostname) || LOOPBACK_V4.test(url.hostname)));
	return ok && url.hostname ? url : undefined;
}

/** A link target Markdown cannot be broken out of: the characters that end or nest one are percent-encoded. */
function markdownLinkTarget(url: URL): string {
	return url.href.replace(/[()<>[\]\s"'`\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * One cancellable progress notification for the whole flow. For the device code, once the code
 * arrives it shows the code, a "Copy code and open browser" link and the address to open on
 * another device (remote, code-server: the browser may be elsewhere). For PKCE it opens the
 * authorization page and offers to open it again. It closes itself when the flow ends, so
 * nothing stale is left on screen.
 */
export async function runSsoSignInFlow(engine: Engine, target: SsoTarget, flow: SsoSignInFlow = 'device'): Promise<void> {
	const controller = new AbortController();
	let refused: unknown;
	try {
		await vscode.window.withProgress(
			{ location: vscode.ProgressLocation.Notification, title: 'AWS sign-in', cancellable: true },
			async (progress, token) => {
				token.onCancellationRequested(() => controller.abort());
				progress.report({ message: `contacting IAM Identity Center (${target.ssoRegion})…` });
				await engine.signInWithSso({
					startUrl: target.startUrl,
					ssoRegion: target.ssoRegion,
					signal: controller.signal,
					flow,
					openBrowser: async (address) => {
						const url = safeVerificationUrl(address);
						if (!url) {
							refused = unsafeAddress();
							controller.abort();
							return false;
						}
						pendingAuthorizationUrl = url;
						progress.report({ message: authorizationMessage(url) });
						return vscode.env.openExternal(vscode.Uri.parse(url.href));
					},
					onDeviceCode: (info) => {
						let message: string;
						try {
							message = deviceCodeMessage(info);
						} catch (error) {
							refused = error;
							controller.abort();
							return;
						}
						pendingCode = info;
						progress.report({ message });
					},
				});
			},
		);
	} catch (e) {
		if (refused) {
			throw refused;
		}
		if (controller.signal.aborted) {
			vscode.window.setStatusBarMessage('$(circle-slash) AWS sign-in cancelled', 5_000);
			throw cancelled();
		}
		throw e;
	} finally {
		pendingCode = undefined;
		pendingAuthorizationUrl = undefined;
	}
	if (refused) {
		throw refused;
	}
	if (controller.signal.aborted) {
		throw cancelled();
	}
}

/**
 * A notification renders only `[text](target)` links of Markdown and shows everything else
 * literally (backslash escapes included), so text from the network loses its brackets instead.
 */
function withoutLinkSyntax(text: string): string {
	return text.replace(/[[\]]/g, '');
}

function unsafeAddress(): BedrockConnectError {
	return new BedrockConnectError('ServiceError', 'IAM Identity Center sent an unexpected sign-in address (not an https: URL); the sign-in was stopped.', {
		action: 'Check the start URL and region, and any proxy that rewrites answers, then sign in again.',
	});
}

/** The progress text while the browser sign-in (PKCE) waits: where to approve, and a link to open the page again. */
export function authorizationMessage(url: URL): string {
	return `continue in your browser: allow access on ${withoutLinkSyntax(url.host)}, then return here. [${OPEN_AUTHORIZATION}](command:${OPEN_AUTHORIZATION_COMMAND})`;
}

/** The progress text (Markdown with command links): every value from the network escaped. Throws on an unsafe address. */
export function deviceCodeMessage(info: DeviceCodeInfo): string {
	const url = safeVerificationUrl(info.verificationUri) ?? safeVerificationUrl(info.verificationUriComplete);
	if (!url) {
		throw unsafeAddress();
	}
	const until = info.expiresAt.toISOString().slice(11, 16);
	const code = withoutLinkSyntax(info.userCode);
	return (
		`approve code ${code} in your browser. [${COPY_AND_OPEN}](command:${COPY_AND_OPEN_COMMAND}) ` +
		`— or open [${withoutLinkSyntax(url.host)}](${markdownLinkTarget(url)}) on any device and enter the code (valid until ${until} UTC).`
	);
}

/** Account and role after sign-in: the settings', the only one, or the user's pick. */
export async function pickAccountAndRole(
	engine: Engine,
	target: SsoTarget,
	preset: { accountId?: string; roleName?: string },
): Promise<SsoSpec> {
	const accounts = await vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Window, title: 'AWS: listing your accounts…' },
		() => engine.listSsoAccounts(target.startUrl, target.ssoRegion),
	);
	if (accounts.length === 0) {
		throw new BedrockConnectError('AccessDenied', 'IAM Identity Center gives you no AWS accounts.', {
			action: 'Ask your administrator to assign you a permission set in an account.',
		});
	}
	const account = await chooseAccount(accounts, preset.accountId);
	const roles = await vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Window, title: 'AWS: listing your roles…' },
		() => engine.listSsoRoles(target.startUrl, target.ssoRegion, account.accountId),
	);
	if (roles.length === 0) {
		throw new BedrockConnectError('AccessDenied', `You have no roles in account ${account.accountName ?? account.accountId}.`, {
			action: 'Ask your administrator to assign you a permission set in it, or pick another account.',
		});
	}
	let roleName: string;
	if (preset.roleName) {
		if (!roles.includes(preset.roleName)) {
			throw new BedrockConnectError('InvalidInput', `The role "${preset.roleName}" (setting bedrockConnect.sso.roleName) is not one of yours in ${account.accountId}: ${roles.join(', ')}.`, {
				action: 'Fix the setting, or clear it to choose from a list.',
			});
		}
		roleName = preset.roleName;
	} else if (roles.length === 1) {
		roleName = roles[0];
	} else {
		roleName = (await pick(roles.map((r) => ({ label: r })), {
			title: `Role in ${account.accountName ?? account.accountId}`,
			placeHolder: 'Which role (permission set)?',
		})).label;
	}
	return {
		method: 'sso',
		startUrl: target.startUrl,
		ssoRegion: target.ssoRegion,
		accountId: account.accountId,
		roleName,
		accountName: account.accountName,
	};
}

async function chooseAccount(accounts: SsoAccount[], presetId: string | undefined): Promise<SsoAccount> {
	if (presetId) {
		const found = accounts.find((a) => a.accountId === presetId);
		if (!found) {
			throw new BedrockConnectError('InvalidInput', `The account ${presetId} (setting bedrockConnect.sso.accountId) is not one IAM Identity Center gives you.`, {
				action: 'Fix the setting, or clear it to choose from a list.',
			});
		}
		return found;
	}
	if (accounts.length === 1) {
		return accounts[0];
	}
	const items = accounts
		.map((a) => ({ label: a.accountName ?? a.accountId, description: a.accountId, detail: a.emailAddress, account: a }))
		.sort((a, b) => a.label.localeCompare(b.label));
	return (await pick(items, { title: 'AWS account', placeHolder: 'Which account?', matchOnDetail: true })).account;
}
