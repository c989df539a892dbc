// Authorization-code grants of the emulated SSO-OIDC service: requests waiting on the
// /authorize page, and the single-use codes they turn into — each bound to its client,
// redirect URI and S256 challenge, as CreateToken checks them.
import { createHash, randomUUID } from 'node:crypto';
import type { SecretIssuer } from './secrets';

/** Seconds an authorization code stays redeemable (short, as OAuth asks: RFC 6749 §4.1.2). */
export const AUTHORIZATION_CODE_LIFETIME_S = 300;

export interface AuthorizationRequest {
	id: string;
	clientId: string;
	redirectUri: string;
	state: string;
	codeChallenge: string;
	scopes: string[];
	expiresAt: number;
	status: 'pending' | 'approved' | 'denied';
}

export interface AuthorizationCode {
	code: string;
	clientId: string;
	redirectUri: string;
	codeChallenge: string;
	expiresAt: number;
	used: boolean;
	/** Access tokens issued for it: revoked if the code is presented again. */
	issued: string[];
}

export class AuthorizationCodes {
	private readonly requests = new Map<string, AuthorizationRequest>();
	private readonly codes = new Map<string, AuthorizationCode>();

	constructor(private readonly secrets: SecretIssuer) {}

	addRequest(request: Omit<AuthorizationRequest, 'id' | 'status'>): AuthorizationRequest {
		const stored: AuthorizationRequest = { ...request, id: randomUUID(), status: 'pending' };
		this.requests.set(stored.id, stored);
		return stored;
	}

	request(id: unknown): AuthorizationRequest | undefined {
		return typeof id === 'string' ? this.requests.get(id) : undefined;
	}

	/** The newest request still waiting on the page (for tests that approve without a browser). */
	latestPending(now: number): AuthorizationRequest | undefined {
		return [...this.requests.values()].reverse().find((request) => request.status === 'pending' && request.expiresAt > now);
	}

	issueCode(request: AuthorizationRequest, expiresAt: number): AuthorizationCode {
		const code: AuthorizationCode = {
			code: this.secrets.authorizationCode(),
			clientId: request.clientId,
			redirectUri: request.redirectUri,
			codeChallenge: request.codeChallenge,
			expiresAt,
			used: false,
			issued: [],
		};
		this.codes.set(code.code, code);
		return code;
	}

	find(code: unknown): AuthorizationCode | undefined {
		return typeof code === 'string' ? this.codes.get(code) : undefined;
	}
}

/** RFC 7636 §4.6: BASE64URL(SHA256(verifier)) must equal the challenge. */
export function verifierMatches(verifier: string, challenge: string): boolean {
	return createHash('sha256').update(verifier).digest('base64url') === challenge;
}

/** RFC 7636 §4.1: 43..128 characters of [A-Z a-z 0-9 - . _ ~]. */
export function isWellFormedVerifier(verifier: string): boolean {
	return /^[A-Za-z0-9\-._~]{43,128}$/.test(verifier);
}

/**
 * Whether a redirect URI is one the client registered. A loopback redirect matches whatever its
 * port (RFC 8252 §7.3), which is how the AWS CLI's port-less registration works.
 */
export function redirectUriAllowed(registered: readonly string[], redirectUri: string): boolean {
	let asked: URL;
	try {
		asked = new URL(redirectUri);
	} catch {
		return false;
	}
	return registered.some((entry) => {
		let allowed: URL;
		try {
			allowed = new URL(entry);
		} catch {
			return false;
		}
		const loopback = allowed.protocol === 'http:' && (allowed.hostname === '127.0.0.1' || allowed.hostname === '[::1]');
		const samePort = loopback || allowed.port === asked.port;
		return allowed.protocol === asked.protocol && allowed.hostname === asked.hostname && samePort && allowed.pathname === asked.pathname;
	});
}
