// Role credentials from IAM Identity Center: our access token (refreshed as needed), then
// GetRoleCredentials in the Identity Center region. A rejected token gets one forced token
// refresh before the user is asked to sign in again.
import { BedrockConnectError } from '../errors';
import type { CredentialSource } from '../refreshingProvider';
import { isTokenRejected, type SsoPortal } from '../sso/portal';
import type { SsoTokenManager } from '../sso/tokenManager';

export function fromSsoRole(init: {
	tokens: SsoTokenManager;
	portal: SsoPortal;
	startUrl: string;
	ssoRegion: string;
	accountId: string;
	roleName: string;
}): CredentialSource {
	const { tokens, portal, startUrl, ssoRegion, accountId, roleName } = init;
	return async () => {
		const token = await tokens.getAccessToken(startUrl, ssoRegion);
		try {
			return await portal.getRoleCredentials(ssoRegion, token, accountId, roleName);
		} catch (error) {
			if (!isTokenRejected(error)) {
				throw error;
			}
		}
		const fresh = await tokens.getAccessToken(startUrl, ssoRegion, { forceRefresh: true });
		try {
			return await portal.getRoleCredentials(ssoRegion, fresh, accountId, roleName);
		} catch (error) {
			if (isTokenRejected(error)) {
				throw new BedrockConnectError('SignInRequired', `IAM Identity Center no longer accepts the session for ${startUrl}.`, {
					action: 'Run "AWS: Sign In with IAM Identity Center (SSO)" to sign in again.',
					cause: error,
				});
			}
			throw error;
		}
	};
}
