// What every IAM Identity Center sign-in flow (device code, authorization code + PKCE) is given,
// so the flows and the chooser in signInFlow.ts declare it once.
import type { Clock, Logger } from '../ports';
import type { OidcClientPort } from './oidcPort';
import type { SsoTokenStore } from './tokenStore';

/** The services a sign-in uses: the OIDC client, where registrations are kept, time and the log. */
export interface SsoSignInServices {
	oidc: OidcClientPort;
	store: SsoTokenStore;
	clock: Clock;
	logger: Logger;
}

/** One sign-in: the services plus which Identity Center instance, and the signal that stops it. */
export interface SsoSignInOptions extends SsoSignInServices {
	startUrl: string;
	region: string;
	signal: AbortSignal;
}
