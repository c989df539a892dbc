// Windows share one stored sign-in: another window may have refreshed (and rotated the
// refresh token) before us. These find its newer token so we use it instead of ours.
import type { Clock } from '../ports';
import { mayBeOtherWindowsRefresh, OTHER_WINDOW_GRACE_MS } from './refreshPolicy';
import type { SsoTokenRecord, SsoTokenStore } from './tokenStore';

/** The stored token when it is another, later-expiring one than the token we hold; undefined otherwise. */
export async function newerStoredToken(
	store: SsoTokenStore,
	held: { startUrl: string; region: string; record?: SsoTokenRecord },
): Promise<SsoTokenRecord | undefined> {
	let stored: SsoTokenRecord | undefined;
	try {
		stored = await store.loadToken(held.startUrl, held.region);
	} catch {
		return undefined;
	}
	const current = held.record;
	if (stored && current && stored.accessToken !== current.accessToken && Date.parse(stored.expiresAt) > Date.parse(current.expiresAt)) {
		return stored;
	}
	return undefined;
}

/**
 * After the token service refused our refresh: another window may have used this refresh
 * token a moment ago and be storing the new one right now, so on invalid_grant give it a
 * moment before concluding the sign-in is over. `adopt` looks for (and takes) a newer token.
 */
export async function tokenFromOtherWindow(
	refusal: unknown,
	clock: Clock,
	adopt: () => Promise<SsoTokenRecord | undefined>,
): Promise<SsoTokenRecord | undefined> {
	const newer = await adopt();
	if (newer || !mayBeOtherWindowsRefresh(refusal)) {
		return newer;
	}
	await clock.sleep(OTHER_WINDOW_GRACE_MS).catch(() => undefined);
	return adopt();
}
