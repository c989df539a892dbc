// Runs an access-portal call with the current IAM Identity Center token. A token the portal
// rejects gets one forced refresh; a second rejection means only a new sign-in can help.
import { BedrockConnectError } from '../errors';
import { isTokenRejected } from './portal';
import type { SsoTokenManager } from './tokenManager';

export async function withSsoAccessToken<T>(
	tokens: Pick<SsoTokenManager, 'getAccessToken'>,
	startUrl: string,
	ssoRegion: string,
	call: (accessToken: string) => Promise<T>,
): Promise<T> {
	const token = await tokens.getAccessToken(startUrl, ssoRegion);
	try {
		return await call(token);
	} catch (error) {
		if (!isTokenRejected(error)) {
			throw error;
		}
	}
	const fresh = await tokens.getAccessToken(startUrl, ssoRegion, { forceRefresh: true });
	try {
		return await call(fresh);
	} catch (error) {
		if (isTokenRejected(error)) {
			throw new BedrockConnectError('SignInRequired', `IAM Identity Center no longer accepts the session for ${startUrl}.`, {
				action: 'Run "AWS: Sign In with IAM Identity Center (SSO)" to sign in again.',
				cause: error,
			});
		}
		throw error;
	}
}
