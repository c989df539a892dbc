// One refresh_token grant for a held IAM Identity Center token, and what the answer means:
// renewed, taken over from another window, ended (only a refusal from the token service),
// or failed for a passing reason (network, 5xx, throttling: retried later).
import type { Clock } from '../ports';
import type { OidcClientPort } from './oidcPort';
import { cannotRenewReason, endedReason, endsSignIn, isStillValid, NO_REFRESH_TOKEN } from './refreshPolicy';
import { tokenFromOtherWindow } from './tokenAdoption';
import { grantFields, type SsoTokenRecord } from './tokenStore';

export type RenewalOutcome =
	| { kind: 'renewed'; record: SsoTokenRecord }
	| { kind: 'adopted'; record: SsoTokenRecord }
	| { kind: 'ended'; reason: string }
	| { kind: 'failed'; error: unknown };

export async function renewToken(
	record: SsoTokenRecord,
	options: { oidc: OidcClientPort; clock: Clock; adoptNewer: () => Promise<SsoTokenRecord | undefined> },
): Promise<RenewalOutcome> {
	const { oidc, clock } = options;
	const blocker = cannotRenewReason(record, clock.now());
	if (blocker || !record.refreshToken) {
		return { kind: 'ended', reason: blocker ?? NO_REFRESH_TOKEN };
	}
	try {
		const grant = await oidc.createToken({
			clientId: record.clientId,
			clientSecret: record.clientSecret,
			grantType: 'refresh_token',
			refreshToken: record.refreshToken,
		});
		return { kind: 'renewed', record: { ...record, ...grantFields(grant, clock.now()) } };
	} catch (error) {
		if (!endsSignIn(error)) {
			return { kind: 'failed', error };
		}
		const newer = await tokenFromOtherWindow(error, clock, options.adoptNewer);
		if (newer && isStillValid(newer, clock.now())) {
			return { kind: 'adopted', record: newer };
		}
		return { kind: 'ended', reason: endedReason(error) };
	}
}
