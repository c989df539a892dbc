// One typed error for the whole core: a code the UI can branch on, a message that says
// what happened, and an action that says what to do. Never carries a secret.

export type ErrorCode =
	| 'Cancelled'
	| 'SignInRequired' // nothing can refresh the credentials; the user must sign in again
	| 'SsoSignInExpired'
	| 'ConsoleSessionEnded' // a console sign-in (`aws login`) can no longer renew: sign in again with the CLI
	| 'DeviceCodeDenied'
	| 'DeviceCodeExpired'
	| 'AuthorizationDenied' // the browser sign-in (authorization code) was denied or answered with an OAuth error
	| 'AuthorizationTimedOut' // nobody answered the browser sign-in in time
	| 'LoopbackUnavailable' // no 127.0.0.1 port could be opened for the browser's answer
	| 'InvalidStartUrl'
	| 'InvalidRegion'
	| 'InvalidInput' // account id, role name, ARN, model id … that cannot be right
	| 'ProfileNotFound'
	| 'InvalidConfig' // a shared config/credentials file that cannot be used
	| 'AccessDenied'
	| 'PolicyRefused' // the identity is outside allowedRoles / allowedAccounts
	| 'CredentialProcessFailed'
	| 'MfaRequired'
	| 'Network' // transient: keep the session, retry later
	| 'CertificateUntrusted' // the server's TLS certificate is not trusted (self-signed, unknown or expired CA): set AWS_CA_BUNDLE; the session is kept like Network
	| 'Throttled'
	| 'ModelAccessDenied'
	| 'ModelNotReady' // e.g. on-demand throughput not supported: use an inference profile
	| 'Validation'
	| 'ServiceError'
	| 'Unknown';

export interface ErrorDetails {
	/** What the user can do about it, in one sentence. */
	action?: string;
	cause?: unknown;
}

export class BedrockConnectError extends Error {
	override readonly name = 'BedrockConnectError';
	readonly action?: string;

	constructor(
		readonly code: ErrorCode,
		message: string,
		details: ErrorDetails = {},
	) {
		super(message, details.cause === undefined ? undefined : { cause: details.cause });
		this.action = details.action;
	}
}

/**
 * True for errors made by this module in *any* bundle: the engine is bundled apart from
 * the activation path, so `instanceof` cannot be trusted across that line.
 */
export function isBedrockConnectError(e: unknown): e is BedrockConnectError {
	return e instanceof Error && e.name === 'BedrockConnectError' && typeof (e as { code?: unknown }).code === 'string';
}

/** True when the user (or the code on their behalf) cancelled: our Cancelled, an AbortSignal's abort, an SDK abort. */
export function isCancellation(e: unknown): boolean {
	if (isBedrockConnectError(e)) {
		return e.code === 'Cancelled';
	}
	const err = typeof e === 'object' && e !== null ? (e as { name?: unknown; code?: unknown }) : undefined;
	return err !== undefined && (err.name === 'AbortError' || err.name === 'CanceledError' || err.code === 'ABORT_ERR');
}
