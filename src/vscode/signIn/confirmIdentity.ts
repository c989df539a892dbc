// Asks STS who a Connection is and applies the allowed-roles/accounts policy to the answer
// (at sign-in, refresh and when the policy settings change).
import type { AccessPolicy, Connection, Engine, Identity } from '../../aws/engineTypes';
import { BedrockConnectError, isCancellation } from '../../aws/errors';
import type { Logger } from '../../aws/ports';
import type { SignInSettings } from '../settings';

/** The identity, or undefined for a Bedrock API key (which STS cannot name); throws when refused. */
export async function confirmIdentity(
	engine: Engine,
	connection: Connection,
	settings: SignInSettings,
	logger: Logger,
): Promise<Identity | undefined> {
	let identity: Identity | undefined;
	try {
		identity = await connection.getIdentity();
	} catch (e) {
		// A Bedrock API key is a bearer token for Bedrock only: STS cannot say whose it is.
		if (connection.spec.method !== 'bedrockApiKey' || isCancellation(e)) {
			throw e;
		}
		logger.info('a Bedrock API key has no STS identity; showing it without one');
	}
	applyPolicy(engine, identity, { allowedRoles: settings.allowedRoles, allowedAccounts: settings.allowedAccounts });
	return identity;
}

/**
 * Throws PolicyRefused when the policy does not allow the identity. Without an identity (a
 * Bedrock API key) any policy refuses: nothing proves the account or role.
 */
export function applyPolicy(engine: Engine, identity: Identity | undefined, policy: AccessPolicy): void {
	if (identity) {
		engine.checkPolicy(identity, policy);
	} else if (policy.allowedAccounts.length > 0 || policy.allowedRoles.length > 0) {
		throw new BedrockConnectError('PolicyRefused', 'A Bedrock API key cannot prove which account or role it belongs to, and your settings allow only some.', {
			action: 'Sign in with IAM Identity Center, a profile or keys instead, or clear bedrockConnect.allowedRoles/allowedAccounts.',
		});
	}
}
