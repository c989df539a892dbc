// Checks a DPoP proof (RFC 9449) the way AWS Sign-In must: an ES256 JWT of type dpop+jwt whose
// header carries the public key, signed by that key, for this method and URL, recent and unused.
import { createPublicKey, verify } from 'node:crypto';
import type { DpopPublicKey } from './loginSessions';

export interface DpopExpectation {
	method: string;
	/** The URL the client called, as it called it (scheme, host, port, path). */
	url: string;
	nowMs: number;
	/** How far `iat` may be from now. */
	maxSkewSeconds?: number;
	claimProofId(jti: string): boolean;
}

export type DpopCheck = { ok: true; key: DpopPublicKey } | { ok: false; reason: string };

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
		return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

export function verifyDpopProof(proof: string | undefined, expected: DpopExpectation): DpopCheck {
	if (!proof) {
		return { ok: false, reason: 'The DPoP header is missing' };
	}
	const parts = proof.split('.');
	const header = decodePart(parts[0]);
	const payload = decodePart(parts[1]);
	if (parts.length !== 3 || !header || !payload) {
		return { ok: false, reason: 'The DPoP proof is not a JWT' };
	}
	const jwk = header.jwk as Record<string, unknown> | undefined;
	if (header.typ !== 'dpop+jwt' || header.alg !== 'ES256' || jwk?.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') {
		return { ok: false, reason: 'The DPoP proof header must be typ dpop+jwt, alg ES256 with an EC P-256 jwk' };
	}
	let valid: boolean;
	try {
		const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, format: 'jwk' });
		// JWS carries ES256 signatures as raw r||s (IEEE P1363), not DER.
		valid = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(parts[2], 'base64url'));
	} catch {
		valid = false;
	}
	if (!valid) {
		return { ok: false, reason: 'The DPoP proof signature does not verify with its jwk' };
	}
	if (payload.htm !== expected.method) {
		return { ok: false, reason: `The DPoP proof is for ${String(payload.htm)}, not ${expected.method}` };
	}
	if (payload.htu !== expected.url) {
		return { ok: false, reason: 'The DPoP proof htu is not the URL of this request' };
	}
	const iat = typeof payload.iat === 'number' ? payload.iat * 1000 : NaN;
	if (!(Math.abs(expected.nowMs - iat) <= (expected.maxSkewSeconds ?? 300) * 1000)) {
		return { ok: false, reason: 'The DPoP proof iat is missing or too far from now' };
	}
	if (typeof payload.jti !== 'string' || !expected.claimProofId(payload.jti)) {
		return { ok: false, reason: 'The DPoP proof jti is missing or was used before' };
	}
	return { ok: true, key: { x: jwk.x, y: jwk.y } };
}
