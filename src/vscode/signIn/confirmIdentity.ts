// Asks STS who a Connection is and applies the allowed-roles/accounts policy to the answer.
import type { Connection, Engine, Identity } from '../../aws/engineTypes';
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
	const policy = { allowedRoles: settings.allowedRoles, allowedAccounts: settings.allowedAccounts };
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
	if (identity) {
		engine.checkPolicy(identity, policy);
	} else if (policy.allowedAccounts.length > 0 || policy.allowedRoles.length > 0) {
		throw new BedrockConnectError('PolicyRefused', 'A Bedrock API key cannot prove which account or role it belongs to, and your settings allow only some.', {
			action: 'Sign in with IAM Identity Center, a profile or keys instead, or clear bedrockConnect.allowedRoles/allowedAccounts.',
		});
	}
	return identity;
}
