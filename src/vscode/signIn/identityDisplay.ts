// Builds the non-secret IdentityDisplay the UI shows from a confirmed Connection.
import type { Connection, ConnectionExpiry, Identity, SignInSpec } from '../../aws/engineTypes';
import { redactSecrets } from '../../aws/redaction';
import { describeMethod, displayedExpiry, type IdentityDisplay } from '../statusFormat';

/** The failed background renewal as the UI keeps it: redacted words and epoch ms (it is cached in globalState). */
export function shownRefreshFailure(expiry: ConnectionExpiry): IdentityDisplay['lastRefreshFailure'] {
	const failure = expiry.lastRefreshFailure;
	return failure ? { reason: redactSecrets(failure.reason), at: failure.at.getTime() } : undefined;
}

export function buildIdentityDisplay(
	spec: SignInSpec,
	connection: Connection,
	identity: Identity | undefined,
	accountName: string | undefined,
	knownAccountNames: Record<string, string>,
): IdentityDisplay {
	const accountId = identity?.accountId ?? '';
	const expiry = connection.expiry();
	const lastRefreshFailure = shownRefreshFailure(expiry);
	return {
		method: spec.method,
		methodLabel: describeMethod(spec),
		name: identity?.principal.name || (spec.method === 'bedrockApiKey' ? 'Bedrock API key' : 'unknown'),
		accountId,
		accountName: accountName ?? (spec.method === 'sso' ? spec.accountName : undefined) ?? knownAccountNames[accountId],
		roleName: identity?.principal.roleName ?? (spec.method === 'sso' ? spec.roleName : undefined),
		// A Bedrock API key's stand-in identity has no real ARN.
		arn: identity?.arn.startsWith('arn:') ? identity.arn : undefined,
		userId: identity?.userId,
		region: connection.region,
		expiresAt: displayedExpiry(expiry),
		canRefresh: expiry.canRefreshSilently,
		...(lastRefreshFailure ? { lastRefreshFailure } : {}),
	};
}
