// Who the credentials belong to (STS GetCallerIdentity in the session region) and whether
// that identity is allowed by the allowedRoles / allowedAccounts settings.
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { Identity } from './engineTypes';
import { parsePrincipalArn, roleNamesOf } from './arn';
import { BedrockConnectError } from './errors';
import { mapAwsError } from './errorMapping';

export async function getCallerIdentity(sts: STSClient): Promise<Identity> {
	let out;
	try {
		out = await sts.send(new GetCallerIdentityCommand({}));
	} catch (error) {
		throw mapAwsError(error, 'Checking who you are (STS GetCallerIdentity)');
	}
	if (!out.Arn || !out.Account) {
		throw new BedrockConnectError('ServiceError', 'STS GetCallerIdentity answered without an ARN.');
	}
	return { arn: out.Arn, userId: out.UserId ?? '', accountId: out.Account, principal: parsePrincipalArn(out.Arn) };
}

/** `*` any run of characters, `?` one character; everything else literal; whole-string, case-sensitive. */
export function globToRegExp(glob: string): RegExp {
	const escaped = glob
		.split('')
		.map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
		.join('');
	return new RegExp(`^${escaped}$`);
}

export function matchesAnyGlob(value: string, globs: string[]): boolean {
	return globs.some((g) => globToRegExp(g.trim()).test(value));
}

export function checkPolicy(identity: Identity, policy: { allowedRoles: string[]; allowedAccounts: string[] }): void {
	const allowedAccounts = policy.allowedAccounts.map((a) => a.trim()).filter(Boolean);
	const allowedRoles = policy.allowedRoles.map((r) => r.trim()).filter(Boolean);
	const who = `${identity.arn} (account ${identity.accountId})`;
	if (allowedAccounts.length && !matchesAnyGlob(identity.accountId, allowedAccounts)) {
		throw new BedrockConnectError(
			'PolicyRefused',
			`You are signed in as ${who}, but account ${identity.accountId} is not in bedrockConnect.allowedAccounts (${allowedAccounts.join(', ')}).`,
			{ action: 'Sign in to one of the allowed accounts, or ask whoever manages your settings to allow this one.' },
		);
	}
	if (allowedRoles.length) {
		const roles = roleNamesOf(identity.principal, identity.arn);
		if (!roles.some((role) => matchesAnyGlob(role, allowedRoles))) {
			throw new BedrockConnectError(
				'PolicyRefused',
				roles.length
					? `You are signed in as ${who} with role ${roles[0]}, which is not in bedrockConnect.allowedRoles (${allowedRoles.join(', ')}).`
					: `You are signed in as ${who}, which is not a role; bedrockConnect.allowedRoles allows only roles (${allowedRoles.join(', ')}).`,
				{ action: 'Switch to an allowed role, or ask whoever manages your settings to allow this one.' },
			);
		}
	}
}
