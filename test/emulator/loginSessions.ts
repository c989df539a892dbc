// Console sign-in sessions of AWS Sign-In (`aws login`): each one is bound to the DPoP key the
// CLI made, renews its ~15-min credentials with a refresh token that rotates on every use, and
// ends 12 h after the sign-in (or earlier, when a test makes it fail one of AWS's three ways).
import type { Principal } from './credentials';
import type { SecretIssuer } from './secrets';

/** AWS Sign-In's reasons a console session can no longer renew (AccessDeniedException `error`). */
export type LoginRefreshFailure = 'TOKEN_EXPIRED' | 'USER_CREDENTIALS_CHANGED' | 'INSUFFICIENT_PERMISSIONS';

/** The public half of the session's P-256 DPoP key, as it appears in a proof's `jwk` header. */
export interface DpopPublicKey {
	x: string;
	y: string;
}

export interface LoginSession {
	clientId: string;
	/** The `login_session` value the CLI writes into the profile (the signed-in principal's ARN). */
	loginSession: string;
	principal: Principal;
	boundKey: DpopPublicKey;
	/** Epoch ms: no refresh after this (AWS: 12 h after the sign-in). */
	endsAt: number;
	credentialSeconds: number;
	/** Set by a test: every refresh answers this until the session is signed in again. */
	failure?: LoginRefreshFailure;
}

/** The fixed public client id `aws login` uses on the same device. */
export const SAME_DEVICE_CLIENT_ID = 'arn:aws:signin:::devtools/same-device';

export class LoginSessions {
	private readonly byRefreshToken = new Map<string, { session: LoginSession; usable: boolean }>();
	private readonly seenProofIds = new Set<string>();
	private readonly sessions: LoginSession[] = [];

	constructor(private readonly secrets: SecretIssuer) {}

	start(session: LoginSession): string {
		this.sessions.push(session);
		return this.issueRefreshToken(session);
	}

	issueRefreshToken(session: LoginSession): string {
		const token = this.secrets.loginRefreshToken();
		this.byRefreshToken.set(token, { session, usable: true });
		return token;
	}

	find(refreshToken: unknown): { session: LoginSession; usable: boolean } | undefined {
		return typeof refreshToken === 'string' ? this.byRefreshToken.get(refreshToken) : undefined;
	}

	/** A proof's `jti` may be used once (replay protection). */
	claimProofId(jti: string): boolean {
		if (this.seenProofIds.has(jti)) {
			return false;
		}
		this.seenProofIds.add(jti);
		return true;
	}

	/** The next refreshes of every session (or those of one login_session) answer `failure`. */
	failRefreshes(failure: LoginRefreshFailure | undefined, loginSession?: string): void {
		for (const session of this.sessions) {
			if (!loginSession || session.loginSession === loginSession) {
				session.failure = failure;
			}
		}
	}
}
