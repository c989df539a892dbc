// Sorts SDK and Node errors into the few kinds the engine acts on: passing trouble (network,
// TLS, 5xx, throttling — keep the session, retry later) versus answers that mean the
// credentials or token are no good. Decided by the error's `name`, code and HTTP status.
import { BedrockConnectError, isBedrockConnectError, type ErrorCode } from './errors';
import { BAD_SIGNATURE_NAMES, EXPIRED_CREDENTIAL_NAMES, NETWORK_CODES, THROTTLING_NAMES, TLS_CODES, UNKNOWN_CREDENTIAL_NAMES } from './errorNames';
import { classifyNetworkError, type NetworkErrorKind, type NetworkSettings } from './network';

const TRANSIENT_NAMES = new Set([
	'TimeoutError',
	'RequestTimeout',
	'RequestTimeoutException',
	...THROTTLING_NAMES,
	'InternalServerException',
	'InternalFailure',
	'ServiceUnavailableException',
	'ServiceUnavailable',
	'SlowDownException',
]);

interface SdkErrorShape {
	name?: string;
	code?: string;
	$fault?: 'client' | 'server';
	$metadata?: { httpStatusCode?: number };
	cause?: unknown;
}

export function httpStatusOf(error: unknown): number | undefined {
	return (error as SdkErrorShape | undefined)?.$metadata?.httpStatusCode;
}

/** Network, TLS, timeouts, throttling and server faults: nothing wrong with the sign-in itself. */
export function isTransientError(error: unknown): boolean {
	if (isBedrockConnectError(error)) {
		// An untrusted certificate says nothing about the sign-in: keep it, as for any network trouble.
		return error.code === 'Network' || error.code === 'CertificateUntrusted' || error.code === 'Throttled' || error.code === 'ServiceError';
	}
	const e = error as SdkErrorShape | undefined;
	if (!e || typeof e !== 'object') {
		return false;
	}
	if ((e.code && (NETWORK_CODES.has(e.code) || TLS_CODES.has(e.code))) || (e.name && TRANSIENT_NAMES.has(e.name))) {
		return true;
	}
	const status = httpStatusOf(e);
	if (status !== undefined) {
		return status >= 500 || status === 429;
	}
	if (e.$fault === 'server') {
		return true;
	}
	// Errors wrapped by the SDK or Node carry the network error as their cause.
	return e.cause !== undefined && e.cause !== e && isTransientError(e.cause);
}

/** A 4xx answer from a service (other than throttling): the request itself was refused. */
export function isClientFault(error: unknown): boolean {
	const status = httpStatusOf(error);
	if (status !== undefined) {
		return status >= 400 && status < 500 && status !== 429;
	}
	return (error as SdkErrorShape | undefined)?.$fault === 'client' && !isTransientError(error);
}

/** What to do about each network kind; the message itself comes from classifyNetworkError. */
const NETWORK_ACTIONS: Record<NetworkErrorKind, string> = {
	'ca-bundle': 'Point AWS_CA_BUNDLE (or the profile\'s ca_bundle) at a readable PEM file of CA certificates, or unset it.',
	'certificate-trust': "Set AWS_CA_BUNDLE to your company's CA bundle (a PEM file), then reload the window.",
	'proxy-authentication': 'Fix the proxy credentials in http.proxy / HTTPS_PROXY.',
	'proxy-refused': 'Ask your administrator to allow the AWS endpoints through the proxy, or list them in NO_PROXY / http.noProxy.',
	'proxy-unreachable': 'Check http.proxy / HTTPS_PROXY, or list the host in NO_PROXY / http.noProxy.',
};

/** The error code of each network kind: a bad bundle is configuration, an untrusted certificate its own code. */
const NETWORK_CODES_BY_KIND: Record<NetworkErrorKind, ErrorCode> = {
	'ca-bundle': 'InvalidConfig',
	'certificate-trust': 'CertificateUntrusted',
	'proxy-authentication': 'Network',
	'proxy-refused': 'Network',
	'proxy-unreachable': 'Network',
};

/**
 * A certificate-trust failure, an unusable CA bundle or a proxy problem, anywhere in the error's
 * chain, as its own error with classifyNetworkError's message; undefined for anything else. A bad
 * bundle is a configuration error (InvalidConfig); an untrusted certificate (CertificateUntrusted)
 * and proxy trouble (Network) keep the session like any network trouble.
 */
export function networkProblem(error: unknown, settings?: NetworkSettings): BedrockConnectError | undefined {
	const found = classifyNetworkError(error, settings);
	if (!found) {
		return undefined;
	}
	return new BedrockConnectError(NETWORK_CODES_BY_KIND[found.kind], found.message, { action: NETWORK_ACTIONS[found.kind], cause: error });
}

export function networkError(what: string, cause: unknown): BedrockConnectError {
	const problem = networkProblem(cause);
	if (problem) {
		return problem;
	}
	return new BedrockConnectError('Network', `${what}: ${shortReason(cause)}`, {
		action: 'Check your network or proxy; the session is kept and will be retried.',
		cause,
	});
}

/** A one-line reason without any request or response body (those may carry secrets). */
export function shortReason(error: unknown): string {
	if (isBedrockConnectError(error)) {
		return error.message;
	}
	if (error instanceof Error) {
		const code = (error as SdkErrorShape).code;
		const message = error.message.split('\n')[0].slice(0, 300);
		return code && !message.includes(code) ? `${error.name} (${code}): ${message}` : `${error.name}: ${message}`;
	}
	return String(error).slice(0, 300);
}

/**
 * Maps an error from STS/SSO/Bedrock calls made with our credentials to a BedrockConnectError.
 * `context` names what was being done ("Checking your identity").
 */
export function mapAwsError(error: unknown, context: string): BedrockConnectError {
	if (isBedrockConnectError(error)) {
		return error;
	}
	const problem = networkProblem(error);
	if (problem) {
		return problem;
	}
	const name = (error as SdkErrorShape | undefined)?.name ?? '';
	if (EXPIRED_CREDENTIAL_NAMES.has(name)) {
		return new BedrockConnectError('SignInRequired', `${context} failed: the credentials have expired.`, {
			action: 'Refresh the credentials, or sign in again.',
			cause: error,
		});
	}
	if (UNKNOWN_CREDENTIAL_NAMES.has(name) || BAD_SIGNATURE_NAMES.has(name)) {
		return new BedrockConnectError('SignInRequired', `${context} failed: AWS does not accept these credentials (${name}).`, {
			action: 'Check the access key and secret, or sign in again.',
			cause: error,
		});
	}
	if (THROTTLING_NAMES.has(name)) {
		return new BedrockConnectError('Throttled', `${context} was throttled by AWS.`, {
			action: 'Wait a moment and try again.',
			cause: error,
		});
	}
	switch (name) {
		case 'AccessDenied':
		case 'AccessDeniedException':
			return new BedrockConnectError('AccessDenied', `${context} failed: access denied. ${shortReason(error)}`, {
				action: 'Ask your administrator for the permission, or use another role.',
				cause: error,
			});
		case 'RegionDisabledException':
			return new BedrockConnectError('AccessDenied', `${context} failed: STS is not enabled in this region.`, {
				action: 'Select another region, or ask your administrator to enable the region.',
				cause: error,
			});
	}
	if (isTransientError(error)) {
		return networkError(`${context} failed`, error);
	}
	return new BedrockConnectError('ServiceError', `${context} failed: ${shortReason(error)}`, { cause: error });
}
