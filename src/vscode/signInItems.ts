// The items of the "AWS: Sign In…" quick pick: every method, then the profiles found in the
// user's config files grouped by kind. Pure and linear in the profile count (people with
// thousands of profiles exist), so the picker opens at once.
import type { ProfileKind, ProfileSummary } from '../aws/engineTypes';

export type SignInChoice =
	| { kind: 'sso' }
	| { kind: 'profile'; profile: ProfileSummary }
	| { kind: 'environment' }
	| { kind: 'accessKeys' }
	| { kind: 'assumeRole' }
	| { kind: 'bedrockApiKey' }
	| { kind: 'defaultChain' }
	| { kind: 'console' };

/** Structurally a vscode.QuickPickItem; `separator` becomes QuickPickItemKind.Separator. */
export interface SignInPickItem {
	label: string;
	description?: string;
	detail?: string;
	separator?: true;
	choice?: SignInChoice;
}

export interface SignInItemsContext {
	/** Start URL from the settings, shown beside the SSO item. */
	ssoStartUrl?: string;
	/** The `bedrockConnect.profile` setting or AWS_PROFILE: listed first in its group. */
	preferredProfile?: string;
	/** Which AWS variables are set (names only, never values). */
	envHas: { keys: boolean; profile?: string; bearerToken: boolean; webIdentity?: boolean };
	/** Only the profile groups (the "Use Profile…" picker). */
	profilesOnly?: boolean;
}

interface ProfileGroup {
	title: string;
	kinds: ProfileKind[];
}

const PROFILE_GROUPS: ProfileGroup[] = [
	{ title: 'IAM Identity Center profiles', kinds: ['ssoSession', 'ssoLegacy'] },
	{ title: 'Role profiles', kinds: ['assumeRole', 'credentialSource', 'webIdentity'] },
	{ title: 'Access-key profiles', kinds: ['staticKeys'] },
	{ title: 'Console credential profiles', kinds: ['loginSession'] },
	{ title: 'Other profiles', kinds: ['credentialProcess', 'unknown'] },
];

const KIND_HINT: Record<ProfileKind, string> = {
	ssoSession: 'SSO',
	ssoLegacy: 'SSO (legacy)',
	assumeRole: 'assume role',
	credentialSource: 'role from instance/env',
	webIdentity: 'web identity',
	staticKeys: 'access keys',
	credentialProcess: 'credential process',
	loginSession: 'console credentials',
	unknown: 'profile',
};

export function describeProfile(profile: ProfileSummary): string {
	const parts = [KIND_HINT[profile.kind] ?? 'profile'];
	if (profile.ssoSessionName) {
		parts.push(profile.ssoSessionName);
	} else if (profile.ssoStartUrl) {
		parts.push(hostOf(profile.ssoStartUrl));
	} else if (profile.roleArn) {
		parts.push(profile.roleArn.replace(/^arn:[^:]+:iam::/, ''));
	}
	if (profile.mfaSerial) {
		// One code per MFA session (bedrockConnect.mfa.sessionDurationHours), not one per role renewal.
		parts.splice(1, 0, 'MFA');
	}
	if (profile.region) {
		parts.push(profile.region);
	}
	return parts.join(' · ');
}

function hostOf(url: string): string {
	const match = /^https?:\/\/([^/]+)/.exec(url);
	return match ? match[1] : url;
}

export function buildSignInItems(profiles: readonly ProfileSummary[], context: SignInItemsContext): SignInPickItem[] {
	const env = context.envHas;
	const envDescription = env.keys
		? 'AWS_ACCESS_KEY_ID is set'
		: env.webIdentity
			? 'web identity: AWS_WEB_IDENTITY_TOKEN_FILE is set'
			: env.profile
				? `AWS_PROFILE=${env.profile}`
				: 'no AWS credentials in the environment';
	const methods: SignInPickItem[] = [
		{ label: 'Sign-in methods', separator: true },
		{
			label: '$(organization) IAM Identity Center (SSO)',
			description: context.ssoStartUrl ? hostOf(context.ssoStartUrl) : 'device code in your browser',
			choice: { kind: 'sso' },
		},
		{ label: '$(globe) Console credentials', description: 'aws login: your AWS console sign-in (AWS CLI 2.32+)', choice: { kind: 'console' } },
		{ label: '$(key) Access keys…', description: 'paste an access key id and secret', choice: { kind: 'accessKeys' } },
		{ label: '$(arrow-swap) Assume role…', description: 'a role on top of your current identity', choice: { kind: 'assumeRole' } },
		{ label: '$(terminal) Environment variables', description: envDescription, choice: { kind: 'environment' } },
		{
			label: '$(sparkle) Bedrock API key…',
			description: env.bearerToken ? 'AWS_BEARER_TOKEN_BEDROCK is set' : 'for Bedrock only',
			choice: { kind: 'bedrockApiKey' },
		},
		{ label: '$(gear) Automatic (AWS SDK default chain)', description: 'whatever the AWS CLI would use', choice: { kind: 'defaultChain' } },
	];
	const items = context.profilesOnly ? [] : methods;

	// One pass into buckets, then one sort per bucket: no per-item lookups.
	const buckets = new Map<ProfileKind, ProfileSummary[]>();
	for (const profile of profiles) {
		const bucket = buckets.get(profile.kind);
		if (bucket) {
			bucket.push(profile);
		} else {
			buckets.set(profile.kind, [profile]);
		}
	}
	const preferred = context.preferredProfile;
	for (const group of PROFILE_GROUPS) {
		const members = group.kinds.flatMap((kind) => buckets.get(kind) ?? []);
		if (members.length === 0) {
			continue;
		}
		members.sort((a, b) => (a.name === preferred ? -1 : b.name === preferred ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		items.push({ label: `${group.title} (${members.length})`, separator: true });
		for (const profile of members) {
			items.push({
				label: profile.name,
				description: profile.name === preferred ? `${describeProfile(profile)} · current` : describeProfile(profile),
				choice: { kind: 'profile', profile },
			});
		}
	}
	return items;
}
