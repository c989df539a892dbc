// What the status-bar item says, as a pure function of the sign-in state and the time:
// text, Markdown tooltip and background. No vscode import, so it is tested with data tables.
import type { ConnectionExpiry, SignInMethod, SignInSpec } from '../aws/engineTypes';
import { redactSecrets } from '../aws/redaction';

export type SignInStateName = 'signedOut' | 'signingIn' | 'signedIn' | 'expiring' | 'expired' | 'error';

/** The non-secret facts about a sign-in that the UI shows; cached in globalState. */
export interface IdentityDisplay {
	method: SignInMethod;
	/** e.g. "Profile dev" or "IAM Identity Center (SSO)". */
	methodLabel: string;
	/** Role session name, IAM user name, … taken from the ARN. */
	name: string;
	accountId: string;
	accountName?: string;
	roleName?: string;
	arn?: string;
	userId?: string;
	region: string;
	/** Epoch ms after which the user has to act (sign in again); undefined: unknown or never. */
	expiresAt?: number;
	/** True when the credentials renew by themselves until `expiresAt`. */
	canRefresh: boolean;
	/** The last background renewal (SSO token refresh) that failed and is being retried: why (redacted) and when (epoch ms). */
	lastRefreshFailure?: { reason: string; at: number };
}

export interface StatusInput {
	state: SignInStateName;
	display?: IdentityDisplay;
	errorMessage?: string;
	now: number;
	warningMinutes: number;
}

export type StatusBackground = 'warning' | 'error' | undefined;

export interface StatusView {
	text: string;
	/** Markdown. */
	tooltip: string;
	background: StatusBackground;
}

export const SIGNED_OUT_TEXT = '$(account) AWS: Sign In';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "52m", "7h", "3d", "<1m"; rounds down so it never promises more time than there is. */
export function formatTimeLeft(ms: number): string {
	if (ms < MINUTE) {
		return '<1m';
	}
	if (ms < HOUR) {
		return `${Math.floor(ms / MINUTE)}m`;
	}
	if (ms < 2 * DAY) {
		return `${Math.floor(ms / HOUR)}h`;
	}
	return `${Math.floor(ms / DAY)}d`;
}

/**
 * The expiry the UI shows: the end of the sign-in when known (SSO token, keys' expiry),
 * else the current credentials' own expiry. Undefined for credentials without one.
 */
export function displayedExpiry(expiry: ConnectionExpiry): number | undefined {
	return (expiry.signInExpiresAt ?? expiry.credentialsExpireAt)?.getTime();
}

/**
 * signedIn, expiring (inside the warning window) or expired. Credentials that renew by
 * themselves never warn: their countdown restarts with each renewal.
 */
export function classifyExpiry(display: IdentityDisplay, now: number, warningMinutes: number): 'signedIn' | 'expiring' | 'expired' {
	if (display.expiresAt === undefined || display.canRefresh) {
		return 'signedIn';
	}
	const left = display.expiresAt - now;
	if (left <= 0) {
		return 'expired';
	}
	return left <= warningMinutes * MINUTE ? 'expiring' : 'signedIn';
}

export function describeMethod(spec: SignInSpec): string {
	switch (spec.method) {
		case 'sso':
			return 'IAM Identity Center (SSO)';
		case 'profile':
			return `Profile ${spec.profile}`;
		case 'environment':
			return 'Environment variables';
		case 'accessKeys':
			return 'Access keys';
		case 'assumeRole':
			return `Assumed role (on ${describeMethod(spec.base)})`;
		case 'bedrockApiKey':
			return 'Bedrock API key';
		case 'defaultChain':
			return 'Automatic (AWS SDK default chain)';
	}
}

function accountLabel(display: IdentityDisplay): string {
	return display.accountName || display.accountId || (display.method === 'bedrockApiKey' ? 'Bedrock only' : 'unknown account');
}

export function formatStatus(input: StatusInput): StatusView {
	const { state, display, now, warningMinutes } = input;
	if (state === 'signingIn') {
		return { text: '$(sync~spin) AWS: Signing in…', tooltip: 'Signing in to AWS…', background: undefined };
	}
	if (!display || state === 'signedOut') {
		const problem = state === 'error' && input.errorMessage ? `\n\n${escapeMarkdown(redactSecrets(input.errorMessage))}` : '';
		return {
			text: SIGNED_OUT_TEXT,
			tooltip: `Not signed in to AWS. Click to sign in.${problem}`,
			background: state === 'error' ? 'error' : undefined,
		};
	}

	const timing = classifyExpiry(display, now, warningMinutes);
	const expired = state === 'expired' || timing === 'expired';
	const parts = [display.name, accountLabel(display)];
	if (expired) {
		parts.push('expired');
	} else if (display.expiresAt !== undefined && display.expiresAt > now) {
		// (Renewing credentials past their time are being renewed: no countdown to show.)
		parts.push(formatTimeLeft(display.expiresAt - now));
	}

	let background: StatusBackground;
	if (expired || state === 'error') {
		background = 'error';
	} else if (timing === 'expiring') {
		background = 'warning';
	}

	return {
		text: `$(account) ${parts.join(' · ')}`,
		tooltip: formatTooltip(display, now, expired, state === 'error' ? input.errorMessage : undefined),
		background,
	};
}

function formatTooltip(display: IdentityDisplay, now: number, expired: boolean, errorMessage: string | undefined): string {
	const lines = [`**Signed in to AWS** as ${escapeMarkdown(display.name)}`, ''];
	const row = (label: string, value: string) => lines.push(`${label}: ${value}  `);
	if (display.arn) {
		row('ARN', codeSpan(display.arn));
	}
	const account = display.accountName ? `${escapeMarkdown(display.accountName)} (${display.accountId})` : display.accountId || 'unknown';
	row('Account', account);
	if (display.roleName) {
		row('Role', escapeMarkdown(display.roleName));
	}
	row('Method', escapeMarkdown(display.methodLabel));
	row('Region', escapeMarkdown(display.region));
	row('Expires', describeExpiry(display, now, expired));
	if (display.lastRefreshFailure && !expired) {
		lines.push('', `$(warning) ${describeRefreshFailure(display.lastRefreshFailure, now)}`);
	}
	if (errorMessage) {
		lines.push('', `$(error) ${escapeMarkdown(redactSecrets(errorMessage))}`);
	}
	lines.push('', 'Click for AWS commands.');
	return lines.join('\n');
}

function describeExpiry(display: IdentityDisplay, now: number, expired: boolean): string {
	if (display.expiresAt === undefined) {
		return display.canRefresh ? 'renews automatically' : 'unknown';
	}
	const at = formatUtc(display.expiresAt);
	if (expired) {
		return `${at} (expired)`;
	}
	if (display.canRefresh) {
		return display.expiresAt > now ? `${at} (in ${formatTimeLeft(display.expiresAt - now)}), then renews automatically` : 'renewing now';
	}
	return `${at} (in ${formatTimeLeft(display.expiresAt - now)})`;
}

/** The failed background renewal in plain words: when, why, and that nothing is lost yet. */
function describeRefreshFailure(failure: { reason: string; at: number }, now: number): string {
	const ago = now - failure.at < 60_000 ? 'just now' : `${formatTimeLeft(now - failure.at)} ago`;
	const words = redactSecrets(failure.reason).trim();
	const reason = escapeMarkdown(/[.!?]$/.test(words) ? words : `${words}.`);
	return `Renewing the sign-in in the background failed at ${formatUtc(failure.at)} (${ago}): ${reason} It is tried again automatically; the current credentials keep working until they expire.`;
}

/** "2026-11-23 17:45:00 UTC": unambiguous for every reader, whatever their time zone. */
export function formatUtc(epochMs: number): string {
	return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function escapeMarkdown(text: string): string {
	return text.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, (c) => `\\${c}`);
}

function codeSpan(text: string): string {
	return '`' + text.replace(/`/g, "'") + '`';
}
