// When a console session stops renewing. AWS Sign-In renews console credentials for at most
// 12 h after the sign-in; the one place that knows the sign-in time is the idToken `aws login`
// stores (the SDK keeps it unchanged through refreshes): its auth_time, else its iat.
export const CONSOLE_SESSION_MAX_MS = 12 * 3600 * 1000;

/** The session's latest possible end, or undefined when the idToken does not say when it began. */
export function consoleSessionEnd(idToken: string): Date | undefined {
	const payload = idToken.split('.')[1];
	if (!payload) return undefined;
	try {
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { auth_time?: unknown; iat?: unknown };
		const began = typeof claims.auth_time === 'number' ? claims.auth_time : typeof claims.iat === 'number' ? claims.iat : undefined;
		return began === undefined || !Number.isFinite(began) ? undefined : new Date(began * 1000 + CONSOLE_SESSION_MAX_MS);
	} catch {
		return undefined;
	}
}
