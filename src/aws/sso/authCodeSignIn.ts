// One IAM Identity Center sign-in with authorization code + PKCE: reuse or register an
// authorization-code client, run the browser step, and hand back the token record to keep. A
// registration the service refuses is forgotten, so the next sign-in registers anew.
import { BedrockConnectError } from '../errors';
import { errorName } from '../errorNames';
import { runAuthCodeFlow } from './authCodeFlow';
import { getOrRegisterClient } from './clientRegistration';
import { signInError } from './deviceSignIn';
import { DEFAULT_SSO_SCOPES } from './oidcPort';
import type { SsoSignInOptions } from './signInOptions';
import { grantFields, type SsoTokenRecord } from './tokenStore';

export interface AuthCodeSignInOptions extends SsoSignInOptions {
	openBrowser: (authorizationUrl: string) => Promise<boolean>;
	onAuthorizationUrl?: (authorizationUrl: string) => void;
	timeoutMs?: number;
	loopbackHost?: string;
}

/** Errors of CreateToken that mean our client registration is no good any more. */
const REGISTRATION_REFUSED = new Set(['InvalidClientException', 'UnauthorizedClientException']);

export async function authCodeSignIn(options: AuthCodeSignInOptions): Promise<SsoTokenRecord> {
	const { oidc, store, clock, logger, startUrl, region, signal } = options;
	try {
		const registration = await getOrRegisterClient({ oidc, store, clock, startUrl, region, scopes: DEFAULT_SSO_SCOPES, kind: 'authCode', signal });
		const grant = await runAuthCodeFlow({
			oidc,
			registration,
			signal,
			openBrowser: options.openBrowser,
			...(options.onAuthorizationUrl ? { onAuthorizationUrl: options.onAuthorizationUrl } : {}),
			...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
			...(options.loopbackHost ? { loopbackHost: options.loopbackHost } : {}),
		});
		return {
			v: 1,
			startUrl,
			region,
			...grantFields(grant, clock.now()),
			clientId: registration.clientId,
			clientSecret: registration.clientSecret,
			registrationExpiresAt: new Date(registration.expiresAt).toISOString(),
		};
	} catch (error) {
		const name = errorName(error);
		if (name && REGISTRATION_REFUSED.has(name)) {
			logger.info(`[sso] the client registration was refused (${name}); the next sign-in registers again`);
			await store.deleteRegistration(startUrl, region, DEFAULT_SSO_SCOPES, 'authCode').catch(() => undefined);
			throw new BedrockConnectError('SignInRequired', 'IAM Identity Center no longer accepts this application\'s registration.', {
				action: 'Sign in again: a new registration is made.',
				cause: error,
			});
		}
		if (name === 'InvalidGrantException') {
			throw new BedrockConnectError('AuthorizationDenied', 'IAM Identity Center refused the authorization code from the browser (used, expired or issued to another request).', {
				action: 'Start the sign-in again and approve it once in the browser tab it opens.',
				cause: error,
			});
		}
		throw signInError(error, signal, region);
	}
}
