// Every AWS access key the emulator issued, with the identity it stands for and when it
// expires, so SigV4 verification and GetCallerIdentity answer the way AWS would.
import { SecretIssuer, stableId } from './secrets';

export interface Principal {
	accountId: string;
	arn: string;
	userId: string;
}

export interface IssuedKey {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
	/** Epoch ms on the server's clock; undefined for long-term keys. */
	expiresAt?: number;
	principal: Principal;
	/** Issued to a caller who proved MFA (GetSessionToken or AssumeRole with a code): aws:MultiFactorAuthPresent. */
	mfaAuthenticated?: boolean;
}

export function userPrincipal(accountId: string, userName: string): Principal {
	if (userName === 'root') {
		return { accountId, arn: `arn:aws:iam::${accountId}:root`, userId: accountId };
	}
	return {
		accountId,
		arn: `arn:aws:iam::${accountId}:user/${userName}`,
		userId: stableId('AIDA', `${accountId}/${userName}`),
	};
}

export function assumedRolePrincipal(accountId: string, roleName: string, sessionName: string): Principal {
	return {
		accountId,
		arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
		userId: `${stableId('AROA', `${accountId}/${roleName}`)}:${sessionName}`,
	};
}

export class CredentialStore {
	private readonly keys = new Map<string, IssuedKey>();

	constructor(private readonly secrets: SecretIssuer) {}

	issueLongTerm(principal: Principal): IssuedKey {
		const key: IssuedKey = { accessKeyId: this.secrets.longTermKeyId(), secretAccessKey: this.secrets.secretAccessKey(), principal };
		this.keys.set(key.accessKeyId, key);
		return key;
	}

	issueTemporary(principal: Principal, expiresAt: number, options: { mfaAuthenticated?: boolean } = {}): IssuedKey {
		const key: IssuedKey = {
			...(options.mfaAuthenticated ? { mfaAuthenticated: true } : {}),
			accessKeyId: this.secrets.temporaryKeyId(),
			secretAccessKey: this.secrets.secretAccessKey(),
			sessionToken: this.secrets.sessionToken(),
			expiresAt,
			principal,
		};
		this.keys.set(key.accessKeyId, key);
		return key;
	}

	find(accessKeyId: string): IssuedKey | undefined {
		return this.keys.get(accessKeyId);
	}

	/** Temporary keys (only role sessions, with `rolesOnly`) expire at `now`; long-term keys are untouched. */
	expireTemporary(now: number, rolesOnly = false): void {
		for (const key of this.keys.values()) {
			if (key.expiresAt !== undefined && (!rolesOnly || key.principal.arn.includes(':assumed-role/'))) {
				key.expiresAt = Math.min(key.expiresAt, now - 1);
			}
		}
	}
}
