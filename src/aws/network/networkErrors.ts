// Recognises network failures that need the user's action: an untrusted server certificate (set
// AWS_CA_BUNDLE) and a proxy that refuses us (unreachable, 407) — anywhere in a wrapped error's chain.
import type { NetworkSettings } from './networkSettings';
import { redactUrl, scrubCredentials } from './redact';

export const CERTIFICATE_TRUST_MESSAGE = "The server's certificate is not trusted: set AWS_CA_BUNDLE to your company's CA bundle.";

/** Node / OpenSSL codes for a chain Node cannot verify against its trusted CAs. */
export const CERTIFICATE_TRUST_CODES: readonly string[] = [
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'CERT_UNTRUSTED',
	'CERT_SIGNATURE_FAILURE',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'CERT_REJECTED',
	'INVALID_CA',
	'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
	'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
];

/** Messages Node gives for those codes, for errors rewrapped without their code. */
const CERTIFICATE_TRUST_MESSAGES = [
	/unable to verify the first certificate/i,
	/self[- ]signed certificate/i,
	/unable to get (local )?issuer certificate/i,
	/certificate has expired/i,
	/certificate is not yet valid/i,
	/certificate not trusted/i,
];

const MAX_DEPTH = 8;

/** The error, its `cause`s, `originalError`s and AggregateError members, breadth-first, cycle-safe. */
export function errorChain(error: unknown): unknown[] {
	const seen = new Set<unknown>();
	const queue: unknown[] = [error];
	const out: unknown[] = [];
	while (queue.length > 0 && out.length < 64) {
		const current = queue.shift();
		if (current === undefined || current === null || seen.has(current)) continue;
		seen.add(current);
		out.push(current);
		if (typeof current !== 'object') continue;
		const record = current as { cause?: unknown; originalError?: unknown; errors?: unknown };
		if (out.length > MAX_DEPTH * 8) break;
		queue.push(record.cause, record.originalError);
		if (Array.isArray(record.errors)) queue.push(...record.errors);
	}
	return out;
}

function codeOf(error: unknown): string | undefined {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
	if (error instanceof Error) return error.message;
	return typeof error === 'string' ? error : '';
}

/** The certificate-trust code found in the chain (or 'message' when only the text says so). */
export function certificateTrustCode(error: unknown): string | undefined {
	const chain = errorChain(error);
	for (const item of chain) {
		const code = codeOf(item);
		if (code && CERTIFICATE_TRUST_CODES.includes(code)) return code;
	}
	for (const item of chain) {
		if (CERTIFICATE_TRUST_MESSAGES.some((pattern) => pattern.test(messageOf(item)))) return 'message';
	}
	return undefined;
}

export function isCertificateTrustError(error: unknown): boolean {
	return certificateTrustCode(error) !== undefined;
}

/** The proxy answered our CONNECT with something other than 200 (thrown by RoutingProxyAgent). */
export class ProxyConnectError extends Error {
	override readonly name = 'ProxyConnectError';
	readonly code = 'ERR_PROXY_CONNECT';
	constructor(
		readonly proxyStatus: number,
		readonly proxyStatusText: string,
		/** Redacted: no credentials. */
		readonly proxyUrl: string,
		readonly target: string,
	) {
		super(`The proxy ${proxyUrl} refused the tunnel to ${target}: ${proxyStatus} ${proxyStatusText}`.trim());
	}
}

/**
 * authentication-required: 407 (or 401 to CONNECT, tinyproxy's answer to wrong credentials);
 * refused: the proxy answered CONNECT otherwise (403 port not allowed, 502 target unreachable…);
 * unreachable: no connection to the proxy itself.
 */
export type ProxyProblem = 'authentication-required' | 'refused' | 'unreachable';

function proxyConnectStatus(error: unknown): number | undefined {
	const e = error as { name?: unknown; proxyStatus?: unknown } | null;
	return e?.name === 'ProxyConnectError' && typeof e.proxyStatus === 'number' ? e.proxyStatus : undefined;
}

const CONNECT_FAILURES = ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'];

function statusOf(error: unknown): number | undefined {
	const e = error as { $metadata?: { httpStatusCode?: unknown }; $response?: { statusCode?: unknown }; statusCode?: unknown } | null;
	for (const value of [e?.$metadata?.httpStatusCode, e?.$response?.statusCode, e?.statusCode]) {
		if (typeof value === 'number') return value;
	}
	return undefined;
}

function proxyEndpoint(settings: NetworkSettings | undefined): { host: string; port: string } | undefined {
	if (!settings?.proxy) return undefined;
	try {
		const url = new URL(settings.proxy.url);
		return { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || (url.protocol === 'https:' ? '443' : '80') };
	} catch {
		return undefined;
	}
}

/**
 * 'authentication-required' for a 407 anywhere in the chain; 'unreachable' for a connection failure
 * to the proxy's own host:port (needs `settings` to tell the proxy from the service).
 */
export function proxyProblem(error: unknown, settings?: NetworkSettings): ProxyProblem | undefined {
	const chain = errorChain(error);
	for (const item of chain) {
		const status = proxyConnectStatus(item);
		if (status !== undefined) return status === 407 || status === 401 ? 'authentication-required' : 'refused';
	}
	if (chain.some((item) => statusOf(item) === 407 || /\b407\b.*proxy authentication/i.test(messageOf(item)))) {
		return 'authentication-required';
	}
	const proxy = proxyEndpoint(settings);
	if (proxy) {
		for (const item of chain) {
			const code = codeOf(item);
			const e = item as { address?: unknown; port?: unknown; hostname?: unknown };
			const host = typeof e.address === 'string' ? e.address : typeof e.hostname === 'string' ? e.hostname : undefined;
			if (code && CONNECT_FAILURES.includes(code) && host !== undefined && host.replace(/^\[|\]$/g, '') === proxy.host && (e.port === undefined || String(e.port) === proxy.port)) {
				return 'unreachable';
			}
			if (code && CONNECT_FAILURES.includes(code) && host === undefined && messageOf(item).includes(`${proxy.host}:${proxy.port}`)) {
				return 'unreachable';
			}
		}
	}
	return undefined;
}

export function isProxyError(error: unknown, settings?: NetworkSettings): boolean {
	return proxyProblem(error, settings) !== undefined;
}

/** User-facing text for a proxy problem; never contains the proxy's credentials. */
export function proxyErrorMessage(problem: ProxyProblem, settings?: NetworkSettings): string {
	const where = settings?.proxy ? ` at ${redactUrl(settings.proxy.url)} (from ${settings.proxySource ?? 'settings'})` : '';
	const text = {
		'authentication-required': `The proxy${where} rejected the request for lack of valid credentials (407): put the user and password in the proxy URL (http://user:password@host:port) or ask your administrator.`,
		refused: `The proxy${where} refused to connect to AWS: ask your administrator to allow the AWS endpoints, or list the host in NO_PROXY / http.noProxy.`,
		unreachable: `The proxy${where} cannot be reached: check http.proxy / HTTPS_PROXY, or list the host in NO_PROXY / http.noProxy.`,
	}[problem];
	return scrubCredentials(text, settings?.proxy?.url);
}

export type NetworkErrorKind = 'ca-bundle' | 'certificate-trust' | 'proxy-authentication' | 'proxy-refused' | 'proxy-unreachable';

/**
 * One call for error mapping: the network kind of an error (anywhere in its chain) and the text to
 * show, or undefined when it is not one of ours. The text never contains proxy credentials.
 */
export function classifyNetworkError(error: unknown, settings?: NetworkSettings): { kind: NetworkErrorKind; message: string } | undefined {
	const bundleError = errorChain(error).find((item) => (item as { name?: unknown } | null)?.name === 'CaBundleError');
	if (bundleError) {
		return { kind: 'ca-bundle', message: `${messageOf(bundleError)} Fix AWS_CA_BUNDLE (or the profile's ca_bundle) to name a PEM file of CA certificates.` };
	}
	const proxy = proxyProblem(error, settings);
	if (proxy) {
		const kind = ({ 'authentication-required': 'proxy-authentication', refused: 'proxy-refused', unreachable: 'proxy-unreachable' } as const)[proxy];
		return { kind, message: proxyErrorMessage(proxy, settings) };
	}
	if (isCertificateTrustError(error)) {
		const message = settings?.caBundlePath
			? `The server's certificate is not trusted, even with the CA bundle ${settings.caBundlePath} (${settings.caBundleSource ?? 'settings'}): check that it holds your company's root CA.`
			: CERTIFICATE_TRUST_MESSAGE;
		return { kind: 'certificate-trust', message };
	}
	return undefined;
}
