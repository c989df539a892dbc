// Runs an access-portal call with the current IAM Identity Center token. A token the portal
// rejects gets one forced refresh; a second rejection means only a new sign-in can help.
import { BedrockConnectError } from '../errors';
import { retryAfterRefresh } from '../retryAfterRefresh';
import { isTokenRejected } from './portal';
import type { SsoTokenManager } from './tokenManager';

export async function withSsoAccessToken<T>(
	tokens: Pick<SsoTokenManager, 'getAccessToken'>,
	startUrl: string,
	ssoRegion: string,
	call: (accessToken: string) => Promise<T>,
): Promise<T> {
	const token = await tokens.getAccessToken(startUrl, ssoRegion);
	return retryAfterRefresh({
		call: async (refreshed) => call(refreshed ? await tokens.getAccessToken(startUrl, ssoRegion, { forceRefresh: true }) : token),
		isStale: isTokenRejected,
		staleAgain: (error) =>
			new BedrockConnectError('SignInRequired', `IAM Identity Center no longer accepts the session for ${startUrl}.`, {
				action: 'Run "AWS: Sign In with IAM Identity Center (SSO)" to sign in again.',
				cause: error,
			}),
	});
}
