// The authorization-code + PKCE sign-in (the AWS CLI's default since 2.22, the Toolkit's when
// local): open the service's /authorize page in the browser with an S256 challenge and a
// `state`, take the code from the one-shot loopback listener, and trade it (with the verifier
// and the same redirect URI) for tokens with CreateToken.
import { BedrockConnectError, isBedrockConnectError, isCancellation } from '../errors';
import { cancelledError } from '../systemClock';
import { startLoopbackListener } from './loopbackListener';
import { AUTHORIZATION_CODE_GRANT, type ClientRegistration, type OidcClientPort, type TokenGrant } from './oidcPort';
import { newOAuthState, newPkcePair } from './pkce';

/** How long the browser has to answer (the AWS CLI waits as long). */
export const AUTHORIZATION_TIMEOUT_MS = 10 * 60 * 1000;

export interface AuthCodeFlowOptions {
	oidc: OidcClientPort;
	registration: ClientRegistration;
	signal: AbortSignal;
	/** Opens the address in the user's browser; resolves false when it could not. */
	openBrowser: (authorizationUrl: string) => Promise<boolean>;
	/** Called once the listener waits, with the address (to offer it again, e.g. as a link). */
	onAuthorizationUrl?: (authorizationUrl: string) => void;
	timeoutMs?: number;
	/** Default 127.0.0.1. */
	loopbackHost?: string;
}

/** The /authorize address, with its parameters named as the AWS CLI sends them. */
export function authorizationUrl(baseUrl: string, params: { clientId: string; redirectUri: string; state: string; challenge: string; scopes: string[] }): string {
	const url = new URL('authorize', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
	url.searchParams.set('response_type', 'code');
	url.searchParams.set('client_id', params.clientId);
	url.searchParams.set('redirect_uri', params.redirectUri);
	url.searchParams.set('state', params.state);
	url.searchParams.set('code_challenge_method', 'S256');
	url.searchParams.set('scopes', params.scopes.join(','));
	url.searchParams.set('code_challenge', params.challenge);
	return url.href;
}

/**
 * Runs the browser step and CreateToken. Throws LoopbackUnavailable before anything is shown when
 * no loopback port can be opened (the caller may fall back to the device flow).
 */
export async function runAuthCodeFlow(options: AuthCodeFlowOptions): Promise<TokenGrant> {
	const { oidc, registration, signal } = options;
	const pkce = newPkcePair();
	const state = newOAuthState();
	const listener = await startLoopbackListener({
		state,
		signal,
		timeoutMs: options.timeoutMs ?? AUTHORIZATION_TIMEOUT_MS,
		...(options.loopbackHost ? { host: options.loopbackHost } : {}),
	});
	try {
		const url = authorizationUrl(await oidc.authorizationBaseUrl(), {
			clientId: registration.clientId,
			redirectUri: listener.redirectUri,
			state,
			challenge: pkce.challenge,
			scopes: registration.scopes,
		});
		options.onAuthorizationUrl?.(url);
		if (!(await options.openBrowser(url))) {
			throw new BedrockConnectError('AuthorizationDenied', 'The browser could not be opened for the sign-in.', {
				action: 'Allow VS Code to open the link, or set bedrockConnect.sso.flow to "device" to sign in with a code on any device.',
			});
		}
		const code = await listener.code;
		return await oidc.createToken(
			{
				clientId: registration.clientId,
				clientSecret: registration.clientSecret,
				grantType: AUTHORIZATION_CODE_GRANT,
				code,
				codeVerifier: pkce.verifier,
				redirectUri: listener.redirectUri,
			},
			signal,
		);
	} catch (error) {
		if (signal.aborted || (!isBedrockConnectError(error) && isCancellation(error))) {
			throw cancelledError('Sign-in was cancelled.');
		}
		throw error;
	} finally {
		listener.close();
	}
}
