// Role credentials from IAM Identity Center: our access token (refreshed as needed), then
// GetRoleCredentials in the Identity Center region. A rejected token gets one forced token
// refresh before the user is asked to sign in again.
import type { CredentialSource } from '../refreshingProvider';
import type { SsoPortal } from '../sso/portal';
import type { SsoTokenManager } from '../sso/tokenManager';
import { withSsoAccessToken } from '../sso/withAccessToken';

export function fromSsoRole(init: {
	tokens: SsoTokenManager;
	portal: SsoPortal;
	startUrl: string;
	ssoRegion: string;
	accountId: string;
	roleName: string;
}): CredentialSource {
	const { tokens, portal, startUrl, ssoRegion, accountId, roleName } = init;
	return () => withSsoAccessToken(tokens, startUrl, ssoRegion, (token) => portal.getRoleCredentials(ssoRegion, token, accountId, roleName));
}
