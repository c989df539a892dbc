// How "AWS: Assume Role…" gets MFA for a role that names a device. On an IAM user's long-term
// keys (no session token) STS GetSessionToken is allowed: one code makes an MFA session and the
// role is assumed from it with no further code. On temporary credentials underneath (IAM Identity
// Center, another role, a session) GetSessionToken is refused, so AWS wants a code with every
// AssumeRole: we keep asking, and the prompt says why and how long each role session lasts.

export type RoleMfaPlan = 'mfaSession' | 'codePerAssumeRole';

export function roleMfaPlan(base: { sessionToken?: string }): RoleMfaPlan {
	return base.sessionToken ? 'codePerAssumeRole' : 'mfaSession';
}

/** STS AssumeRole's default DurationSeconds. */
const ASSUME_ROLE_DEFAULT_SECONDS = 3600;

export function roleSessionLength(durationSeconds: number | undefined): string {
	const minutes = Math.round((durationSeconds || ASSUME_ROLE_DEFAULT_SECONDS) / 60);
	const hours = Math.floor(minutes / 60);
	const rest = minutes % 60;
	return hours === 0 ? `${rest} min` : rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** Shown above the code box when each AssumeRole needs its own code. */
export function codePerAssumeRoleReason(durationSeconds: number | undefined): string {
	return `The identity underneath is a role or other temporary credentials (IAM Identity Center, another role), so AWS needs a new code each time this role is assumed: each role session lasts ${roleSessionLength(durationSeconds)}, then you are asked again.`;
}
