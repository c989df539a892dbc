// SigV4 verification: recompute the signature with @smithy/signature-v4 from exactly the
// headers the client signed, and judge the key the way AWS does (unknown, expired, skewed).
import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { CredentialStore, IssuedKey } from './credentials';
import type { EmulatorRequest } from './http';

export type AuthFailureReason = 'missing' | 'malformed' | 'unknownKey' | 'expired' | 'badSignature';

export type SigV4Outcome =
	| { ok: true; key: IssuedKey; region: string; service: string }
	| { ok: false; reason: AuthFailureReason; message: string; accessKeyId?: string; region?: string };

/** Shown when the key id, or the session token that must go with it, is not one AWS issued. */
export const INVALID_TOKEN_MESSAGE = 'The security token included in the request is invalid.';
export const EXPIRED_TOKEN_MESSAGE = 'The security token included in the request is expired';
export const SIGNATURE_MISMATCH_MESSAGE =
	'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

const SKEW_LIMIT_MS = 5 * 60 * 1000;
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

interface ParsedAuthorization {
	accessKeyId: string;
	date: string;
	region: string;
	service: string;
	signedHeaders: string[];
	signature: string;
}

export function parseAuthorization(header: string): ParsedAuthorization | undefined {
	const match = /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(header.trim());
	if (!match) {
		return undefined;
	}
	const [, accessKeyId, date, region, service, signedHeaders, signature] = match;
	return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** `20261123T162100Z` → epoch ms, or undefined when malformed. */
function parseAmzDate(value: string | undefined): number | undefined {
	const match = value ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null;
	if (!match) {
		return undefined;
	}
	const [, year, month, day, hour, minute, second] = match.map(Number);
	return Date.UTC(year, month - 1, day, hour, minute, second);
}

export function formatAmzDate(epochMs: number): string {
	return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function sameText(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}

function skewMessage(signedAt: number, now: number): string | undefined {
	if (signedAt < now - SKEW_LIMIT_MS) {
		return `Signature expired: ${formatAmzDate(signedAt)} is now earlier than ${formatAmzDate(now - SKEW_LIMIT_MS)} (${formatAmzDate(now)} - 5 min.)`;
	}
	if (signedAt > now + SKEW_LIMIT_MS) {
		return `Signature not yet current: ${formatAmzDate(signedAt)} is still later than ${formatAmzDate(now + SKEW_LIMIT_MS)} (${formatAmzDate(now)} + 5 min.)`;
	}
	return undefined;
}

async function expectedSignature(request: EmulatorRequest, parsed: ParsedAuthorization, key: IssuedKey, signedAt: number): Promise<string | undefined> {
	const headers: Record<string, string> = {};
	for (const name of parsed.signedHeaders) {
		const value = request.headers[name];
		if (value === undefined) {
			return undefined; // a signed header that did not arrive cannot match
		}
		headers[name] = value;
	}
	const [hostname, port] = (request.headers.host ?? '').split(':');
	const httpRequest = new HttpRequest({
		method: request.method,
		protocol: 'http:',
		hostname,
		port: port ? Number(port) : undefined,
		path: request.rawPath,
		query: request.query,
		headers,
		body: request.body.length > 0 ? request.body : undefined,
	});
	// The session token is checked separately; here it is just one of the signed headers.
	const signer = new SignatureV4({
		credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
		region: parsed.region,
		service: parsed.service,
		sha256: Sha256,
		uriEscapePath: true,
		applyChecksum: false,
	});
	const signed = await signer.sign(httpRequest, { signingDate: new Date(signedAt), signingRegion: parsed.region, signingService: parsed.service });
	const authorization = parseAuthorization(String(signed.headers.authorization ?? ''));
	if (!authorization || authorization.signedHeaders.join(';') !== parsed.signedHeaders.join(';')) {
		return undefined;
	}
	return authorization.signature;
}

export async function verifySigV4(request: EmulatorRequest, credentials: CredentialStore, expectedService: string, now: number): Promise<SigV4Outcome> {
	const header = request.headers.authorization;
	if (!header) {
		return { ok: false, reason: 'missing', message: 'Missing Authentication Token' };
	}
	const parsed = parseAuthorization(header);
	const signedAt = parseAmzDate(request.headers['x-amz-date']);
	if (!parsed || signedAt === undefined) {
		return { ok: false, reason: 'malformed', message: `Authorization header requires 'Credential', 'Signature', 'SignedHeaders' and a valid 'X-Amz-Date' parameter.` };
	}
	const context = { accessKeyId: parsed.accessKeyId, region: parsed.region };
	if (parsed.service !== expectedService) {
		return { ok: false, reason: 'badSignature', message: `Credential should be scoped to correct service: '${expectedService}'. `, ...context };
	}
	const skew = skewMessage(signedAt, now);
	if (skew) {
		return { ok: false, reason: 'badSignature', message: skew, ...context };
	}
	const key = credentials.find(parsed.accessKeyId);
	const presentedToken = request.headers['x-amz-security-token'];
	if (!key || presentedToken !== key.sessionToken) {
		return { ok: false, reason: 'unknownKey', message: INVALID_TOKEN_MESSAGE, ...context };
	}
	if (key.expiresAt !== undefined && key.expiresAt <= now) {
		return { ok: false, reason: 'expired', message: EXPIRED_TOKEN_MESSAGE, ...context };
	}
	const declaredHash = request.headers['x-amz-content-sha256'];
	if (declaredHash !== undefined && declaredHash !== 'UNSIGNED-PAYLOAD') {
		const actualHash = request.body.length > 0 ? createHash('sha256').update(request.body).digest('hex') : EMPTY_SHA256;
		if (declaredHash !== actualHash) {
			return { ok: false, reason: 'badSignature', message: SIGNATURE_MISMATCH_MESSAGE, ...context };
		}
	}
	const expected = await expectedSignature(request, parsed, key, signedAt);
	if (!expected || !sameText(expected, parsed.signature)) {
		return { ok: false, reason: 'badSignature', message: SIGNATURE_MISMATCH_MESSAGE, ...context };
	}
	return { ok: true, key, region: parsed.region, service: parsed.service };
}
