// Role credentials from IAM Identity Center: our access token (refreshed as needed), then
// GetRoleCredentials in the Identity Center region. A rejected token gets one forced token
// refresh before the user is asked to sign in again.
import type { SourceTraits } from '../connection';
import type { CredentialSource } from '../refreshingProvider';
import type { SsoPortal } from '../sso/portal';
import type { SsoTokenManager } from '../sso/tokenManager';
import { withSsoAccessToken } from '../sso/withAccessToken';
import { validateAccountId, validateRoleName, validateSsoRegion, validateStartUrl } from '../validation';
import type { SourceBuilder } from './sourceBuilder';

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

export const build: SourceBuilder<'sso'> = (spec, context) => {
	const startUrl = validateStartUrl(spec.startUrl);
	const ssoRegion = validateSsoRegion(spec.ssoRegion);
	const accountId = validateAccountId(spec.accountId);
	const roleName = validateRoleName(spec.roleName);
	const target = { startUrl, region: ssoRegion };
	return {
		source: fromSsoRole({ tokens: context.tokens, portal: context.portal, startUrl, ssoRegion, accountId, roleName }),
		traits: ssoTokenTraits(context.tokens, () => target, () => false),
		label: `sso:${accountId}/${spec.roleName}`,
	};
};

/** An IAM Identity Center token of ours, by start URL and Identity Center region. */
export interface SsoTokenTarget {
	startUrl: string;
	region: string;
}

/**
 * Traits of a source that rests on our SSO token for `target()`: silent while the token is
 * refreshable, expiring with it otherwise, and changing when it changes. When `target()` is
 * undefined the source does not use our token (right now) and `otherwiseSilent` decides.
 */
export function ssoTokenTraits(tokens: SsoTokenManager, target: () => SsoTokenTarget | undefined, otherwiseSilent: () => boolean): SourceTraits {
	return {
		canRefreshSilently: () => {
			const t = target();
			return t ? tokens.status(t.startUrl, t.region).refreshable : otherwiseSilent();
		},
		signInExpiresAt: () => {
			const t = target();
			if (!t) {
				return undefined;
			}
			const status = tokens.status(t.startUrl, t.region);
			return status.refreshable ? undefined : status.accessTokenExpiresAt;
		},
		lastRefreshFailure: () => {
			const t = target();
			return t ? tokens.status(t.startUrl, t.region).lastRefreshFailure : undefined;
		},
		onDidChange: (listener) =>
			tokens.onDidChange((url, region) => {
				const t = target();
				if (t && t.startUrl === url && t.region === region) {
					listener();
				}
			}),
	};
}
