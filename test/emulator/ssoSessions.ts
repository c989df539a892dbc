// IAM Identity Center session state: registered OIDC clients, device authorizations waiting
// for the user, and the access/refresh tokens they turn into.
import { SSO_USER } from './directory';
import { SecretIssuer, newUserCode } from './secrets';
import type { DeviceAuthorizationView } from './types';

export interface RegisteredClient {
	clientId: string;
	clientSecret: string;
	clientName: string;
	expiresAt: number;
	/** As registered; without grantTypes a client gets the device-code and refresh grants. */
	grantTypes: string[];
	redirectUris: string[];
	scopes: string[];
}

export interface DeviceAuthorization {
	deviceCode: string;
	userCode: string;
	clientId: string;
	startUrl: string;
	expiresAt: number;
	status: 'pending' | 'approved' | 'denied' | 'consumed';
	polls: number;
	createdAt: number;
}

export interface AccessToken {
	token: string;
	clientId: string;
	userName: string;
	expiresAt: number;
	revoked: boolean;
}

export interface RefreshToken {
	token: string;
	clientId: string;
	userName: string;
	expiresAt: number;
	/** Refresh tokens rotate: once used (or revoked) they answer invalid_grant. */
	usable: boolean;
	accessToken: string;
}

export interface IssuedTokens {
	access: AccessToken;
	refresh: RefreshToken;
}

export class SsoSessions {
	private readonly clients = new Map<string, RegisteredClient>();
	private readonly authorizations: DeviceAuthorization[] = [];
	private readonly accessTokens = new Map<string, AccessToken>();
	private readonly refreshTokens = new Map<string, RefreshToken>();
	denyNextPolls = 0;
	slowDownPolls = 0;

	constructor(private readonly secrets: SecretIssuer) {}

	registerClient(clientName: string, expiresAt: number, metadata: { grantTypes?: string[]; redirectUris?: string[]; scopes?: string[] } = {}): RegisteredClient {
		const client: RegisteredClient = {
			clientId: this.secrets.clientId(),
			clientSecret: this.secrets.clientSecret(),
			clientName,
			expiresAt,
			grantTypes: metadata.grantTypes ?? ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
			redirectUris: metadata.redirectUris ?? [],
			scopes: metadata.scopes ?? [],
		};
		this.clients.set(client.clientId, client);
		return client;
	}

	/** The client if the id and secret match a registration that is still valid at `now`. */
	authenticateClient(clientId: unknown, clientSecret: unknown, now: number): RegisteredClient | undefined {
		const client = typeof clientId === 'string' ? this.clients.get(clientId) : undefined;
		if (!client || client.clientSecret !== clientSecret || client.expiresAt <= now) {
			return undefined;
		}
		return client;
	}

	client(clientId: unknown): RegisteredClient | undefined {
		return typeof clientId === 'string' ? this.clients.get(clientId) : undefined;
	}

	/** Ends the tokens issued from one grant (an authorization code used twice, RFC 6749 §4.1.2). */
	revokeTokens(accessTokens: readonly string[]): void {
		for (const token of accessTokens) {
			const access = this.accessTokens.get(token);
			if (access) {
				this.logout(access);
			}
		}
	}

	clientName(clientId: string): string {
		return this.clients.get(clientId)?.clientName ?? '';
	}

	startAuthorization(clientId: string, startUrl: string, now: number, expiresAt: number): DeviceAuthorization {
		let userCode = newUserCode();
		while (this.authorizations.some((authorization) => authorization.userCode === userCode)) {
			userCode = newUserCode();
		}
		const authorization: DeviceAuthorization = {
			deviceCode: this.secrets.deviceCode(),
			userCode,
			clientId,
			startUrl,
			expiresAt,
			status: 'pending',
			polls: 0,
			createdAt: now,
		};
		this.authorizations.push(authorization);
		return authorization;
	}

	findByDeviceCode(deviceCode: unknown): DeviceAuthorization | undefined {
		return this.authorizations.find((authorization) => authorization.deviceCode === deviceCode);
	}

	findByUserCode(userCode: string): DeviceAuthorization | undefined {
		const normalized = userCode.trim().toUpperCase();
		return this.authorizations.find((authorization) => authorization.userCode === normalized);
	}

	latestPending(now: number): DeviceAuthorization | undefined {
		return [...this.authorizations].reverse().find((authorization) => authorization.status === 'pending' && authorization.expiresAt > now);
	}

	expireAuthorizations(now: number): void {
		for (const authorization of this.authorizations) {
			authorization.expiresAt = Math.min(authorization.expiresAt, now - 1);
		}
	}

	views(now: number): DeviceAuthorizationView[] {
		return this.authorizations.map((authorization) => ({
			userCode: authorization.userCode,
			status: authorization.status === 'pending' && authorization.expiresAt <= now ? 'expired' : authorization.status,
			polls: authorization.polls,
			clientName: this.clientName(authorization.clientId),
		}));
	}

	issueTokens(clientId: string, accessExpiresAt: number, refreshExpiresAt: number): IssuedTokens {
		const access: AccessToken = { token: this.secrets.ssoAccessToken(), clientId, userName: SSO_USER, expiresAt: accessExpiresAt, revoked: false };
		const refresh: RefreshToken = {
			token: this.secrets.ssoRefreshToken(),
			clientId,
			userName: SSO_USER,
			expiresAt: refreshExpiresAt,
			usable: true,
			accessToken: access.token,
		};
		this.accessTokens.set(access.token, access);
		this.refreshTokens.set(refresh.token, refresh);
		return { access, refresh };
	}

	findRefreshToken(token: unknown): RefreshToken | undefined {
		return typeof token === 'string' ? this.refreshTokens.get(token) : undefined;
	}

	/** The access token if it is known, not revoked and not expired at `now`. */
	validAccessToken(token: string | undefined, now: number): AccessToken | undefined {
		const access = token ? this.accessTokens.get(token) : undefined;
		if (!access || access.revoked || access.expiresAt <= now) {
			return undefined;
		}
		return access;
	}

	/** Logout ends the session: its access token and the refresh tokens issued with it. */
	logout(access: AccessToken): void {
		access.revoked = true;
		for (const refresh of this.refreshTokens.values()) {
			if (refresh.accessToken === access.token) {
				refresh.usable = false;
			}
		}
	}

	revokeRefreshTokens(): void {
		for (const refresh of this.refreshTokens.values()) {
			refresh.usable = false;
		}
	}

	expireAccessTokens(now: number): void {
		for (const access of this.accessTokens.values()) {
			access.expiresAt = Math.min(access.expiresAt, now - 1);
		}
	}
}
