// How long an MFA session (STS GetSessionToken) is asked for: the bedrockConnect.mfa.sessionDurationHours
// setting within IAM's limits — 15 min to 36 h for an IAM user, at most 1 h for an account's root user.

export const DEFAULT_MFA_SESSION_HOURS = 12;
export const MIN_MFA_SESSION_SECONDS = 900;
export const MAX_MFA_SESSION_SECONDS = 129_600;
export const MAX_ROOT_MFA_SESSION_SECONDS = 3600;

/** Seconds for GetSessionToken's DurationSeconds; a missing or unusable setting means the default. */
export function mfaSessionSeconds(hours: number | undefined, options: { root?: boolean } = {}): number {
	const wanted = typeof hours === 'number' && Number.isFinite(hours) && hours > 0 ? hours : DEFAULT_MFA_SESSION_HOURS;
	const max = options.root ? MAX_ROOT_MFA_SESSION_SECONDS : MAX_MFA_SESSION_SECONDS;
	return Math.min(max, Math.max(MIN_MFA_SESSION_SECONDS, Math.round(wanted * 3600)));
}
