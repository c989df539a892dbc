// One public OIDC client registration per start URL + region, reused until shortly before
// it expires (the service issues them for ~90 days), so sign-ins don't register anew.
import type { Clock } from '../ports';
import { REGISTERED_REDIRECT_URI } from './loopbackListener';
import type { ClientRegistration, OidcClientPort } from './oidcPort';
import { AUTHORIZATION_CODE_GRANT, OIDC_CLIENT_NAME, REFRESH_TOKEN_GRANT } from './oidcPort';
import type { RegistrationKind, SsoTokenStore } from './tokenStore';

/** Re-register when less than this is left: a device flow plus a token's life must fit. */
const REGISTRATION_MARGIN_MS = 24 * 60 * 60 * 1000;

export async function getOrRegisterClient(options: {
	oidc: OidcClientPort;
	store: SsoTokenStore;
	clock: Clock;
	startUrl: string;
	region: string;
	scopes: string[];
	/** 'authCode': registered with the authorization_code + refresh_token grants and the loopback redirect. */
	kind?: RegistrationKind;
	signal?: AbortSignal;
}): Promise<ClientRegistration> {
	const { oidc, store, clock, startUrl, region, scopes, signal } = options;
	const kind = options.kind ?? 'device';
	const existing = await store.loadRegistration(startUrl, region, scopes, kind);
	if (existing && Date.parse(existing.expiresAt) - REGISTRATION_MARGIN_MS > clock.now()) {
		return {
			clientId: existing.clientId,
			clientSecret: existing.clientSecret,
			expiresAt: Date.parse(existing.expiresAt),
			scopes: existing.scopes,
		};
	}
	const registered = await oidc.registerClient(
		{
			clientName: OIDC_CLIENT_NAME,
			clientType: 'public',
			scopes,
			// As the AWS CLI registers: the port-less loopback redirect, the start URL as issuer.
			...(kind === 'authCode' ? { grantTypes: [AUTHORIZATION_CODE_GRANT, REFRESH_TOKEN_GRANT], redirectUris: [REGISTERED_REDIRECT_URI], issuerUrl: startUrl } : {}),
		},
		signal,
	);
	const expiresAt = registered.clientSecretExpiresAt
		? registered.clientSecretExpiresAt * 1000
		: clock.now() + 90 * 24 * 60 * 60 * 1000;
	// A registration that cannot be stored still works for this sign-in; the next one registers again.
	await store
		.saveRegistration(startUrl, region, {
			v: 1,
			clientId: registered.clientId,
			clientSecret: registered.clientSecret,
			expiresAt: new Date(expiresAt).toISOString(),
			scopes,
		}, kind)
		.catch(() => undefined);
	return { clientId: registered.clientId, clientSecret: registered.clientSecret, expiresAt, scopes };
}
