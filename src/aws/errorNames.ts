// What AWS SDK and Node error names and codes mean, written down once: which are network
// trouble, which are throttling, which say the credentials are stale. Used by the engine's
// error mapping (errorMapping.ts) and by Bedrock's (bedrock/errorClassification.ts).

/** The `name` of anything thrown — SDK exceptions are told apart by it — or '' when it has none. */
export function errorName(error: unknown): string {
	return error instanceof Error ? error.name : typeof error === 'object' && error && 'name' in error ? String(error.name) : '';
}

/** Node and HTTP/2 codes of a connection that failed or broke: no answer from the service. */
export const NETWORK_CODES: ReadonlySet<string> = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ENOTFOUND',
	'ETIMEDOUT',
	'EAI_AGAIN',
	'EPIPE',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ECONNABORTED',
	'UND_ERR_SOCKET',
	'ERR_HTTP2_ERROR',
	'ERR_HTTP2_STREAM_ERROR',
	'ERR_HTTP2_STREAM_CANCEL',
	'ERR_HTTP2_SESSION_ERROR',
	'ERR_HTTP2_GOAWAY_SESSION',
	'ERR_HTTP2_INVALID_SESSION',
]);

/** TLS failures (often a corporate proxy): passing trouble, not a bad sign-in. */
export const TLS_CODES: ReadonlySet<string> = new Set([
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'CERT_HAS_EXPIRED',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Throttling answers of AWS services (besides an unnamed HTTP 429). */
export const THROTTLING_NAMES: ReadonlySet<string> = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException']);

/** The credentials were good once and have expired. */
export const EXPIRED_CREDENTIAL_NAMES: ReadonlySet<string> = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);

/** AWS does not know the access key (revoked, or temporary keys past their life). */
export const UNKNOWN_CREDENTIAL_NAMES: ReadonlySet<string> = new Set(['InvalidClientTokenId', 'UnrecognizedClientException']);

/** The request signature was refused: stale credentials only when the message says expired. */
export const BAD_SIGNATURE_NAMES: ReadonlySet<string> = new Set(['SignatureDoesNotMatch', 'IncompleteSignature', 'InvalidSignatureException']);
