// Random identifiers and secrets in the shapes AWS uses, each one remembered so security
// tests can prove that none of them ever leaked into a log, a file or a message.
import { createHash, randomBytes, randomUUID } from 'node:crypto';

const upperAlphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** User codes avoid letters people confuse (no I, O, 0, 1). */
const userCodeLetters = 'BCDFGHJKLMNPQRSTVWXZ';

function pick(alphabet: string, length: number): string {
	const bytes = randomBytes(length);
	let out = '';
	for (let i = 0; i < length; i++) {
		out += alphabet[bytes[i] % alphabet.length];
	}
	return out;
}

function base64Url(bytes: number): string {
	return randomBytes(bytes).toString('base64url');
}

export class SecretIssuer {
	private readonly issued = new Set<string>();

	all(): string[] {
		return [...this.issued];
	}

	remember(secret: string): string {
		this.issued.add(secret);
		return secret;
	}

	longTermKeyId(): string {
		return this.remember(`AKIA${pick(upperAlphanumeric, 16)}`);
	}

	temporaryKeyId(): string {
		return this.remember(`ASIA${pick(upperAlphanumeric, 16)}`);
	}

	secretAccessKey(): string {
		return this.remember(randomBytes(30).toString('base64').replace(/[+]/g, 'x').slice(0, 40));
	}

	/** An AWS Sign-In refresh token (console credentials); opaque, like AWS's. */
	loginRefreshToken(): string {
		return this.remember(`lrt-${base64Url(48)}`);
	}

	sessionToken(): string {
		// Real session tokens are long base64 blobs starting with this prefix.
		return this.remember(`IQoJb3JpZ2luX2VjE${randomBytes(240).toString('base64')}`);
	}

	/** Remembers a secret made elsewhere (a web identity token a test registered). */
	adopt(secret: string): string {
		return this.remember(secret);
	}

	ssoAccessToken(): string {
		return this.remember(`aoa${base64Url(90)}`);
	}

	ssoRefreshToken(): string {
		return this.remember(`aor${base64Url(90)}`);
	}

	clientId(): string {
		return this.remember(base64Url(16));
	}

	clientSecret(): string {
		return this.remember(`eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0.${base64Url(180)}`);
	}

	deviceCode(): string {
		return this.remember(base64Url(48));
	}

	authorizationCode(): string {
		return this.remember(base64Url(32));
	}

	bedrockApiKey(): string {
		// Long-term Bedrock API keys are "ABSK" + base64("BedrockAPIKey-…").
		const body = Buffer.from(`BedrockAPIKey-${pick(upperAlphanumeric, 8).toLowerCase()}-at-111111111111:${base64Url(36)}`).toString('base64');
		return this.remember(`ABSK${body}`);
	}
}

/** User codes are shown to people, not secret on their own. */
export function newUserCode(): string {
	return `${pick(userCodeLetters, 4)}-${pick(userCodeLetters, 4)}`;
}

/** Principal ids (AIDA…, AROA…) are stable per name so identities look the same across calls. */
export function stableId(prefix: string, seed: string, length = 17): string {
	const digest = createHash('sha256').update(seed).digest();
	let out = '';
	for (let i = 0; i < length; i++) {
		out += upperAlphanumeric[digest[i] % upperAlphanumeric.length];
	}
	return `${prefix}${out}`;
}

/** The 16 hex characters AWS appends to permission-set role names (AWSReservedSSO_<Role>_<hex>). */
export function permissionSetSuffix(accountId: string, roleName: string): string {
	return createHash('sha256').update(`${accountId}/${roleName}`).digest('hex').slice(0, 16);
}

export function requestId(): string {
	return randomUUID();
}
