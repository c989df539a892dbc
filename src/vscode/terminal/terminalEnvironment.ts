// What new terminals and tasks get from the editor's sign-in (pure: no vscode import), and
// which identity a process started in them will use, and why (for Diagnose).
import type { ProfileSummary } from '../../aws/engineTypes';

export type TerminalShare =
	| { kind: 'none'; reason: 'settingOff' | 'signedOut' }
	| { kind: 'endpoint'; url: string; token: string; region: string }
	| { kind: 'bearer'; token: string; region: string };

/**
 * Variables that would win over the endpoint and that the SDKs and the CLI treat as unset when
 * empty: the collection sets them to '' in new terminals. (VS Code's collection can set a value,
 * not remove one.)
 */
export const CLEARED_VARIABLES = [
	'AWS_ACCESS_KEY_ID',
	'AWS_SECRET_ACCESS_KEY',
	'AWS_SESSION_TOKEN',
	'AWS_SECURITY_TOKEN',
	'AWS_CREDENTIAL_EXPIRATION',
	'AWS_WEB_IDENTITY_TOKEN_FILE',
	'AWS_ROLE_ARN',
	'AWS_BEARER_TOKEN_BEDROCK',
] as const;

/**
 * Variables that also win but that an empty value does not disable: the CLI reads an empty
 * AWS_PROFILE as the profile named "" (ProfileNotFound) and an empty relative URI as a URL on
 * 169.254.170.2. They are left alone; Diagnose says when one of them decides the identity.
 */
export const UNCLEARABLE_VARIABLES = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE'] as const;

/** The variables to set in new terminals, in a stable order (empty list: the collection is cleared). */
export function terminalVariables(share: TerminalShare): Array<[name: string, value: string]> {
	switch (share.kind) {
		case 'none':
			return [];
		case 'bearer':
			return [
				['AWS_BEARER_TOKEN_BEDROCK', share.token],
				['AWS_REGION', share.region],
				['AWS_DEFAULT_REGION', share.region],
			];
		case 'endpoint':
			return [
				['AWS_CONTAINER_CREDENTIALS_FULL_URI', share.url],
				['AWS_CONTAINER_AUTHORIZATION_TOKEN', share.token],
				['AWS_REGION', share.region],
				['AWS_DEFAULT_REGION', share.region],
				...CLEARED_VARIABLES.map((name): [string, string] => [name, '']),
			];
	}
}

/** Profile kinds that give credentials: a [default] profile of one of these wins over the endpoint. */
const CREDENTIAL_KINDS: ReadonlySet<ProfileSummary['kind']> = new Set(['staticKeys', 'ssoSession', 'ssoLegacy', 'assumeRole', 'credentialSource', 'credentialProcess', 'webIdentity', 'loginSession']);

export interface TerminalIdentityInput {
	share: TerminalShare;
	/** The environment terminals inherit (the extension host's, which VS Code resolves from the login shell). */
	env: NodeJS.ProcessEnv;
	/** The shared-config profiles (to find a [default] profile with credentials). */
	profiles: ProfileSummary[];
	/** The editor's identity, for the sentence (ARN, or a method name). */
	signedInAs?: string;
}

export interface TerminalIdentityFinding {
	severity: 'ok' | 'info' | 'warning';
	summary: string;
	fix?: string;
}

/**
 * Which identity `aws` / an SDK started in a new terminal uses. The CLI and the SDKs try, in
 * order: key variables, AWS_PROFILE (or the [default] profile) from the shared files, then the
 * container endpoint. We clear the key variables; the others we can only report.
 */
export function explainTerminalIdentity(input: TerminalIdentityInput): TerminalIdentityFinding {
	const { share, env } = input;
	if (share.kind === 'none') {
		return share.reason === 'settingOff'
			? { severity: 'info', summary: 'Not given the editor\'s credentials (bedrockConnect.terminal.shareCredentials is off); processes in them use their own AWS configuration.' }
			: { severity: 'info', summary: 'Not given credentials (not signed in); processes in them use their own AWS configuration.' };
	}
	if (share.kind === 'bearer') {
		return {
			severity: 'info',
			summary: 'New terminals get AWS_BEARER_TOKEN_BEDROCK (the Bedrock API key you signed in with): Bedrock calls use it; other AWS calls use the terminal\'s own configuration.',
		};
	}
	const who = input.signedInAs ?? 'the editor\'s sign-in';
	const profile = env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE;
	if (profile) {
		const name = env.AWS_PROFILE ? 'AWS_PROFILE' : 'AWS_DEFAULT_PROFILE';
		return {
			severity: 'warning',
			summary: `New terminals use profile '${profile}', not ${who}: ${name} is set in the editor's environment and the CLI and SDKs read a named profile before the editor's credential endpoint.`,
			fix: `Remove ${name} from your shell start-up files (or run "unset ${name}" in a terminal) to use the editor's sign-in.`,
		};
	}
	if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) {
		return {
			severity: 'warning',
			summary: `New terminals use the container credentials at AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, not ${who}: the CLI and SDKs prefer it to the full URI the editor sets.`,
			fix: 'Unset AWS_CONTAINER_CREDENTIALS_RELATIVE_URI in the editor\'s environment to use the editor\'s sign-in.',
		};
	}
	if (env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE) {
		return {
			severity: 'warning',
			summary: 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE is set in the editor\'s environment: the SDKs send that file\'s token instead of the editor\'s, and the editor\'s credential endpoint refuses it.',
			fix: 'Unset AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE in the editor\'s environment to use the editor\'s sign-in.',
		};
	}
	const defaultProfile = input.profiles.find((p) => p.name === 'default' && CREDENTIAL_KINDS.has(p.kind));
	if (defaultProfile) {
		return {
			severity: 'warning',
			summary: `New terminals use the [default] profile (${defaultProfile.files.join(' and ')} file), not ${who}: the CLI and SDKs read the default profile before the editor's credential endpoint.`,
			fix: 'Rename the [default] profile (and use it with --profile or AWS_PROFILE when you need it) to use the editor\'s sign-in.',
		};
	}
	return {
		severity: 'ok',
		summary: `New terminals and tasks sign as ${who} through the editor's credential endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI); the credentials renew themselves; key variables are cleared in them.`,
	};
}
