// PKCE (RFC 7636) for the authorization-code sign-in: a random verifier that never leaves this
// process until CreateToken, its S256 challenge for the browser, and an unguessable `state`.
import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
	verifier: string;
	/** base64url(SHA-256(verifier)), no padding. */
	challenge: string;
}

/** 64 random bytes as base64url: 86 characters, within RFC 7636's 43..128. */
export function newPkcePair(): PkcePair {
	const verifier = randomBytes(64).toString('base64url');
	return { verifier, challenge: s256Challenge(verifier) };
}

export function s256Challenge(verifier: string): string {
	return createHash('sha256').update(verifier).digest('base64url');
}

/** The `state` that ties the browser's answer to this sign-in (CSRF, RFC 6749 §10.12). */
export function newOAuthState(): string {
	return randomBytes(32).toString('base64url');
}
