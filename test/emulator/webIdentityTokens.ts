// Web identity tokens STS accepts in AssumeRoleWithWebIdentity: only those a test registered
// (as if the identity provider had issued them), each until it expires.
import { randomBytes } from 'node:crypto';

export interface WebIdentityTokenOptions {
	/** The token text; default a random JWT-shaped string. */
	token?: string;
	/** The `sub` the provider vouches for; default 'system:serviceaccount:default:bedrock'. */
	subject?: string;
	/** Seconds the token stays valid; default 3600. */
	ttlSeconds?: number;
}

export interface WebIdentityGrant {
	subject: string;
	expiresAt: number;
}

export class WebIdentityTokens {
	private readonly accepted = new Map<string, WebIdentityGrant>();

	accept(now: number, options: WebIdentityTokenOptions = {}): string {
		const token = options.token ?? `eyJhbGciOiJSUzI1NiJ9.${randomBytes(48).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
		this.accepted.set(token.trim(), {
			subject: options.subject ?? 'system:serviceaccount:default:bedrock',
			expiresAt: now + (options.ttlSeconds ?? 3600) * 1000,
		});
		return token;
	}

	find(token: string): WebIdentityGrant | undefined {
		// Token files usually end with a newline; the SDK sends the file as it is.
		return this.accepted.get(token.trim());
	}

	expireAll(now: number): void {
		for (const grant of this.accepted.values()) {
			grant.expiresAt = Math.min(grant.expiresAt, now - 1);
		}
	}
}
