// SSO tokens and client registrations as versioned JSON in the SecretStore, keyed by a hash
// of start URL + region. Nothing here ever touches the disk.
import { createHash } from 'node:crypto';
import type { SecretStore } from '../ports';

export interface SsoTokenRecord {
	v: 1;
	startUrl: string;
	region: string;
	accessToken: string;
	/** ISO time the access token expires. */
	expiresAt: string;
	/** ISO time the access token was issued (lets refresh timing scale with the token's life). */
	issuedAt: string;
	refreshToken?: string;
	clientId: string;
	clientSecret: string;
	registrationExpiresAt: string;
}

export interface RegistrationRecord {
	v: 1;
	clientId: string;
	clientSecret: string;
	/** ISO */
	expiresAt: string;
	scopes: string[];
}

const PREFIX = 'bedrockConnect.sso';

export function ssoKey(startUrl: string, region: string): string {
	return createHash('sha256').update(`${startUrl}\n${region}`).digest('hex').slice(0, 32);
}

export class SsoTokenStore {
	constructor(private readonly _secrets: SecretStore) {}

	async loadToken(startUrl: string, region: string): Promise<SsoTokenRecord | undefined> {
		const record = parse<SsoTokenRecord>(await this._secrets.get(tokenKey(startUrl, region)));
		return record && typeof record.accessToken === 'string' && typeof record.expiresAt === 'string' ? record : undefined;
	}

	saveToken(record: SsoTokenRecord): Promise<void> {
		return this._secrets.store(tokenKey(record.startUrl, record.region), JSON.stringify(record));
	}

	deleteToken(startUrl: string, region: string): Promise<void> {
		return this._secrets.delete(tokenKey(startUrl, region));
	}

	async loadRegistration(startUrl: string, region: string, scopes: string[], kind: RegistrationKind = 'device'): Promise<RegistrationRecord | undefined> {
		const record = parse<RegistrationRecord>(await this._secrets.get(registrationKey(startUrl, region, scopes, kind)));
		return record && typeof record.clientId === 'string' ? record : undefined;
	}

	saveRegistration(startUrl: string, region: string, record: RegistrationRecord, kind: RegistrationKind = 'device'): Promise<void> {
		return this._secrets.store(registrationKey(startUrl, region, record.scopes, kind), JSON.stringify(record));
	}

	deleteRegistration(startUrl: string, region: string, scopes: string[], kind: RegistrationKind = 'device'): Promise<void> {
		return this._secrets.delete(registrationKey(startUrl, region, scopes, kind));
	}
}

function tokenKey(startUrl: string, region: string): string {
	return `${PREFIX}.token.${ssoKey(startUrl, region)}`;
}

/**
 * Which grants a registration was made for: a device-code client cannot trade authorization codes
 * (unauthorized_client), so each kind is kept apart. Device keys stay as they were before PKCE.
 */
export type RegistrationKind = 'device' | 'authCode';

function registrationKey(startUrl: string, region: string, scopes: string[], kind: RegistrationKind): string {
	const scopeText = [...scopes].sort().join(' ');
	return `${PREFIX}.registration.${ssoKey(`${startUrl}\n${kind === 'device' ? scopeText : `${scopeText}\nauthorization_code`}`, region)}`;
}

/** Versioned JSON: anything unreadable or from another version counts as absent. */
function parse<T extends { v: number }>(text: string | undefined): T | undefined {
	if (!text) {
		return undefined;
	}
	try {
		const value = JSON.parse(text) as T;
		return value && value.v === 1 ? value : undefined;
	} catch {
		return undefined;
	}
}

/** The record fields a token grant sets: the access token, its times and any rotated refresh token. */
export function grantFields(
	grant: { accessToken: string; expiresIn: number; refreshToken?: string },
	now: number,
): Pick<SsoTokenRecord, 'accessToken' | 'expiresAt' | 'issuedAt' | 'refreshToken'> {
	return {
		accessToken: grant.accessToken,
		expiresAt: new Date(now + grant.expiresIn * 1000).toISOString(),
		issuedAt: new Date(now).toISOString(),
		...(grant.refreshToken ? { refreshToken: grant.refreshToken } : {}),
	};
}
