// Owns IAM Identity Center access tokens: device-flow sign-in, refresh with the
// refresh_token grant (on a timer before expiry and on use, one at a time per token), and
// the rule that only a 4xx from the token service ends a session — network, 5xx, TLS and
// storage trouble keep it (Toolkit #4582, #5549, #6282, #8294).
import type { DeviceCodeInfo } from '../engineTypes';
import type { Clock, Logger } from '../ports';
import { BedrockConnectError, isBedrockConnectError, isCancellation } from '../errors';
import { isClientFault, isTransientError, networkError, shortReason } from '../errorMapping';
import { validateRegion, validateStartUrl } from '../validation';
import { getOrRegisterClient } from './clientRegistration';
import { deleteCliTokenIfOurs, readCliToken, writeCliToken } from './cliTokenCache';
import { runDeviceFlow, errorName } from './deviceFlow';
import { DEFAULT_SSO_SCOPES, type ClientRegistration, type OidcClientPort, type TokenGrant } from './oidcPort';
import { ssoKey, type SsoTokenRecord, type SsoTokenStore } from './tokenStore';

export interface SsoTokenManagerDeps {
	store: SsoTokenStore;
	oidcFor: (region: string) => OidcClientPort;
	clock: Clock;
	logger: Logger;
	/** Home directory for the CLI cache (read always, written only when shareWithCli). */
	home: () => string;
	shareWithCli: boolean;
	/** Names of sso-sessions in the shared config that use this start URL (CLI cache keys). */
	cliSessionNames?: (startUrl: string) => Promise<string[]>;
	/** 0..1; spreads background refreshes of several windows apart. Default Math.random. */
	random?: () => number;
}

export interface SsoTokenStatus {
	source: 'ours' | 'cli' | 'none';
	accessTokenExpiresAt?: Date;
	/** A refresh token is held and the registration has not expired. */
	refreshable: boolean;
	registrationExpiresAt?: Date;
}

interface Entry {
	startUrl: string;
	region: string;
	record?: SsoTokenRecord;
	cli?: { expiresAt: Date; hasRefreshToken: boolean };
	inflight?: Promise<SsoTokenRecord>;
	lastAttemptAt: number;
	/** Why the session ended (until the next sign-in), so later callers hear the real reason. */
	ended?: BedrockConnectError;
	timer?: AbortController;
}

const MINUTE = 60_000;
/** Refresh this long before expiry at most (botocore: 15 min advisory, 10 mandatory)… */
const MAX_REFRESH_AHEAD_MS = 10 * MINUTE;
/** …or at 80 % of a short token's life. */
const REFRESH_AT_FRACTION = 0.8;
const MIN_ATTEMPT_INTERVAL_MS = 30_000;
const RETRY_AFTER_FAILURE_MS = 60_000;
const EXPIRY_SAFETY_MS = 30_000;
const JITTER_MAX_MS = 30_000;
const OTHER_WINDOW_GRACE_MS = 1_500;

export class SsoTokenManager {
	private readonly _entries = new Map<string, Entry>();
	private readonly _listeners = new Set<(startUrl: string, region: string) => void>();
	private _disposed = false;

	constructor(private readonly _deps: SsoTokenManagerDeps) {}

	/** Runs the device flow; on success the token is stored and kept fresh. */
	async signIn(params: {
		startUrl: string;
		ssoRegion: string;
		signal: AbortSignal;
		onDeviceCode: (info: DeviceCodeInfo) => void;
	}): Promise<void> {
		const startUrl = validateStartUrl(params.startUrl);
		const region = validateRegion(params.ssoRegion, 'IAM Identity Center region');
		const { store, clock, logger } = this._deps;
		const oidc = this._deps.oidcFor(region);
		let grant: TokenGrant;
		let registration;
		let codeShown = false;
		const attempt = async (): Promise<[ClientRegistration, TokenGrant]> => {
			const reg = await getOrRegisterClient({ oidc, store, clock, startUrl, region, scopes: DEFAULT_SSO_SCOPES, signal: params.signal });
			const granted = await runDeviceFlow({
				oidc,
				clock,
				signal: params.signal,
				startUrl,
				registration: reg,
				onDeviceCode: (info) => {
					codeShown = true;
					params.onDeviceCode(info);
				},
			});
			return [reg, granted];
		};
		try {
			try {
				[registration, grant] = await attempt();
			} catch (error) {
				// A stored registration the service forgot: register anew once, if the user has not seen a code yet.
				if (errorName(error) !== 'InvalidClientException' || codeShown) {
					throw error;
				}
				logger.info('[sso] the stored client registration was refused; registering again');
				await store.deleteRegistration(startUrl, region, DEFAULT_SSO_SCOPES).catch(() => undefined);
				[registration, grant] = await attempt();
			}
		} catch (error) {
			if (params.signal.aborted || isCancellation(error)) {
				throw new BedrockConnectError('Cancelled', 'Sign-in was cancelled.');
			}
			if (isBedrockConnectError(error)) {
				throw error;
			}
			if (errorName(error) === 'InvalidClientException') {
				// A registration the service no longer knows: forget it so the next try registers anew.
				await store.deleteRegistration(startUrl, region, DEFAULT_SSO_SCOPES).catch(() => undefined);
			}
			if (isTransientError(error)) {
				throw networkError(`Could not reach IAM Identity Center in ${region}`, error);
			}
			throw new BedrockConnectError('SignInRequired', `IAM Identity Center refused the sign-in: ${shortReason(error)}`, {
				action: 'Check the start URL and the Identity Center region, then sign in again.',
				cause: error,
			});
		}
		const now = clock.now();
		const record: SsoTokenRecord = {
			v: 1,
			startUrl,
			region,
			accessToken: grant.accessToken,
			expiresAt: new Date(now + grant.expiresIn * 1000).toISOString(),
			issuedAt: new Date(now).toISOString(),
			...(grant.refreshToken ? { refreshToken: grant.refreshToken } : {}),
			clientId: registration.clientId,
			clientSecret: registration.clientSecret,
			registrationExpiresAt: new Date(registration.expiresAt).toISOString(),
		};
		const entry = this.entry(startUrl, region);
		entry.record = record;
		entry.cli = undefined;
		entry.ended = undefined;
		await this.persist(record);
		this.schedule(entry);
		logger.info(`[sso] signed in to ${startUrl} (${region}); token valid until ${record.expiresAt}`);
		this.notify(entry);
	}

	/** A usable access token, refreshed if due. Throws SignInRequired when only a new sign-in can help. */
	async getAccessToken(startUrl: string, region: string, options: { forceRefresh?: boolean } = {}): Promise<string> {
		const entry = this.entry(startUrl, region);
		if (!entry.record) {
			entry.record = await this.loadStored(entry);
		}
		const record = entry.record;
		if (!record) {
			return this.cliAccessToken(entry);
		}
		const now = this._deps.clock.now();
		const valid = isStillValid(record, now);
		const due = options.forceRefresh || now >= refreshDueAt(record);
		// A refresh already under way is joined rather than answered with the old token.
		const recentlyTried = !entry.inflight && now - entry.lastAttemptAt < MIN_ATTEMPT_INTERVAL_MS;
		if (valid && (!due || (!options.forceRefresh && recentlyTried))) {
			return record.accessToken;
		}
		try {
			return (await this.refresh(entry)).accessToken;
		} catch (error) {
			const current = entry.record;
			if (!options.forceRefresh && current && isTransientError(error) && isStillValid(current, this._deps.clock.now())) {
				return current.accessToken;
			}
			throw error;
		}
	}

	status(startUrl: string, region: string): SsoTokenStatus {
		const entry = this._entries.get(ssoKey(startUrl, region));
		const record = entry?.record;
		if (record) {
			const registrationExpiresAt = new Date(record.registrationExpiresAt);
			return {
				source: 'ours',
				accessTokenExpiresAt: new Date(record.expiresAt),
				refreshable: !!record.refreshToken && registrationExpiresAt.getTime() > this._deps.clock.now(),
				registrationExpiresAt,
			};
		}
		if (entry?.cli) {
			return { source: 'cli', accessTokenExpiresAt: entry.cli.expiresAt, refreshable: false };
		}
		return { source: 'none', refreshable: false };
	}

	/** True when we hold a usable or refreshable token, or the CLI cache has a valid one. */
	async hasToken(startUrl: string, region: string): Promise<boolean> {
		const entry = this.entry(startUrl, region);
		entry.record ??= await this.loadStored(entry);
		const now = this._deps.clock.now();
		if (entry.record) {
			return isStillValid(entry.record, now) || this.status(startUrl, region).refreshable;
		}
		try {
			await this.cliAccessToken(entry);
			return true;
		} catch {
			return false;
		}
	}

	/** Forgets our token (store and memory) and returns the access token so the caller can call Logout. */
	async signOut(startUrl: string, region: string): Promise<string | undefined> {
		const entry = this.entry(startUrl, region);
		const record = entry.record ?? (await this.loadStored(entry));
		entry.timer?.abort();
		entry.record = undefined;
		entry.cli = undefined;
		entry.ended = undefined;
		await this._deps.store.deleteToken(startUrl, region);
		if (record && this._deps.shareWithCli) {
			const sessionNames = (await this._deps.cliSessionNames?.(startUrl).catch(() => [])) ?? [];
			for (const key of [startUrl, ...sessionNames]) {
				await deleteCliTokenIfOurs(this._deps.home(), key, record.accessToken).catch(() => undefined);
			}
		}
		this.notify(entry);
		return record?.accessToken;
	}

	/** Whether we, rather than the CLI cache, hold a token for this start URL. */
	async holdsToken(startUrl: string, region: string): Promise<boolean> {
		const entry = this.entry(startUrl, region);
		entry.record ??= await this.loadStored(entry);
		return entry.record !== undefined;
	}

	onDidChange(listener: (startUrl: string, region: string) => void): () => void {
		this._listeners.add(listener);
		return () => this._listeners.delete(listener);
	}

	dispose(): void {
		this._disposed = true;
		for (const entry of this._entries.values()) {
			entry.timer?.abort();
		}
		this._listeners.clear();
	}

	private entry(startUrl: string, region: string): Entry {
		const key = ssoKey(startUrl, region);
		let entry = this._entries.get(key);
		if (!entry) {
			entry = { startUrl, region, lastAttemptAt: Number.NEGATIVE_INFINITY };
			this._entries.set(key, entry);
		}
		return entry;
	}

	private async loadStored(entry: Entry): Promise<SsoTokenRecord | undefined> {
		try {
			const record = await this._deps.store.loadToken(entry.startUrl, entry.region);
			if (record && !entry.timer && !this._disposed) {
				entry.record = record;
				this.schedule(entry);
			}
			return record;
		} catch (error) {
			// Storage trouble is not a signed-out user (Toolkit #5549): say so and let the caller retry.
			throw new BedrockConnectError('Network', `Could not read the stored sign-in: ${shortReason(error)}`, {
				action: 'Try again; if it persists, reload the window.',
				cause: error,
			});
		}
	}

	private async cliAccessToken(entry: Entry): Promise<string> {
		const home = this._deps.home();
		const keys = [entry.startUrl, ...((await this._deps.cliSessionNames?.(entry.startUrl).catch(() => [])) ?? [])];
		const now = this._deps.clock.now();
		let expired = false;
		for (const key of keys) {
			const token = await readCliToken(home, key);
			if (!token || (token.startUrl && token.startUrl.replace(/\/+$/, '') !== entry.startUrl)) {
				continue;
			}
			if (token.expiresAt.getTime() - EXPIRY_SAFETY_MS > now) {
				entry.cli = { expiresAt: token.expiresAt, hasRefreshToken: token.hasRefreshToken };
				return token.accessToken;
			}
			expired = true;
		}
		entry.cli = undefined;
		if (entry.ended) {
			throw entry.ended;
		}
		throw new BedrockConnectError(
			'SignInRequired',
			expired
				? `The IAM Identity Center session for ${entry.startUrl} has expired.`
				: `You are not signed in to IAM Identity Center at ${entry.startUrl}.`,
			{ action: 'Run "AWS: Sign In with IAM Identity Center (SSO)" (or `aws sso login`).' },
		);
	}

	private refresh(entry: Entry): Promise<SsoTokenRecord> {
		entry.inflight ??= this.doRefresh(entry).finally(() => {
			entry.inflight = undefined;
		});
		return entry.inflight;
	}

	private async doRefresh(entry: Entry): Promise<SsoTokenRecord> {
		const { clock, logger } = this._deps;
		entry.lastAttemptAt = clock.now();
		// Another window may have refreshed (and rotated the refresh token) already.
		const adopted = await this.adoptNewerStored(entry);
		if (adopted && clock.now() < refreshDueAt(adopted)) {
			return adopted;
		}
		const record = entry.record;
		if (!record) {
			throw this.signInRequired(entry, 'you are signed out');
		}
		if (!record.refreshToken) {
			throw await this.endSession(entry, 'the session cannot be renewed (no refresh token was issued)');
		}
		if (Date.parse(record.registrationExpiresAt) <= clock.now()) {
			throw await this.endSession(entry, 'the client registration has expired');
		}
		let grant: TokenGrant;
		try {
			grant = await this._deps.oidcFor(record.region).createToken({
				clientId: record.clientId,
				clientSecret: record.clientSecret,
				grantType: 'refresh_token',
				refreshToken: record.refreshToken,
			});
		} catch (error) {
			if (isClientFault(error) && !isTransientError(error)) {
				// Another window may have used this refresh token a moment ago and be storing the
				// new one right now: give it a moment before concluding the session is over.
				let newer = await this.adoptNewerStored(entry);
				if (!newer && errorName(error) === 'InvalidGrantException') {
					await clock.sleep(OTHER_WINDOW_GRACE_MS).catch(() => undefined);
					newer = await this.adoptNewerStored(entry);
				}
				if (newer && isStillValid(newer, clock.now())) {
					return newer;
				}
				const name = errorName(error);
				const reason =
					name === 'InvalidGrantException'
						? 'the session has ended or was revoked (invalid_grant)'
						: name === 'InvalidClientException'
							? 'the client registration is no longer valid (invalid_client)'
							: `IAM Identity Center refused to renew it (${name || 'client error'})`;
				throw await this.endSession(entry, reason);
			}
			logger.warn(`[sso] token refresh for ${entry.startUrl} failed, will retry: ${shortReason(error)}`);
			this.schedule(entry, RETRY_AFTER_FAILURE_MS);
			throw networkError('Could not renew the IAM Identity Center session', error);
		}
		const now = clock.now();
		const refreshed: SsoTokenRecord = {
			...record,
			accessToken: grant.accessToken,
			expiresAt: new Date(now + grant.expiresIn * 1000).toISOString(),
			issuedAt: new Date(now).toISOString(),
			...(grant.refreshToken ? { refreshToken: grant.refreshToken } : {}),
		};
		entry.record = refreshed;
		await this.persist(refreshed);
		this.schedule(entry);
		logger.info(`[sso] token for ${entry.startUrl} renewed; valid until ${refreshed.expiresAt}`);
		this.notify(entry);
		return refreshed;
	}

	private async adoptNewerStored(entry: Entry): Promise<SsoTokenRecord | undefined> {
		let stored: SsoTokenRecord | undefined;
		try {
			stored = await this._deps.store.loadToken(entry.startUrl, entry.region);
		} catch {
			return undefined;
		}
		if (stored && entry.record && stored.accessToken !== entry.record.accessToken && Date.parse(stored.expiresAt) > Date.parse(entry.record.expiresAt)) {
			entry.record = stored;
			this.schedule(entry);
			this.notify(entry);
			return stored;
		}
		return undefined;
	}

	private async endSession(entry: Entry, reason: string): Promise<BedrockConnectError> {
		entry.timer?.abort();
		entry.timer = undefined;
		entry.record = undefined;
		await this._deps.store.deleteToken(entry.startUrl, entry.region).catch(() => undefined);
		this._deps.logger.warn(`[sso] session for ${entry.startUrl} ended: ${reason}`);
		entry.ended = this.signInRequired(entry, reason);
		this.notify(entry);
		return entry.ended;
	}

	private signInRequired(entry: Entry, reason: string): BedrockConnectError {
		return new BedrockConnectError('SignInRequired', `Your IAM Identity Center session for ${entry.startUrl} needs a new sign-in: ${reason}.`, {
			action: 'Run "AWS: Sign In with IAM Identity Center (SSO)" to sign in again.',
		});
	}

	private async persist(record: SsoTokenRecord): Promise<void> {
		try {
			await this._deps.store.saveToken(record);
		} catch (error) {
			// The token still works from memory; the next refresh tries to store it again.
			this._deps.logger.warn(`[sso] could not store the token: ${shortReason(error)}`);
		}
		if (this._deps.shareWithCli) {
			// The CLI keys legacy profiles by start URL and sso-session profiles by session name.
			const sessionNames = (await this._deps.cliSessionNames?.(record.startUrl).catch(() => [])) ?? [];
			for (const key of [record.startUrl, ...sessionNames]) {
				await this.writeCliCopy(key, record);
			}
		}
	}

	private async writeCliCopy(key: string, record: SsoTokenRecord): Promise<void> {
		await writeCliToken(this._deps.home(), key, {
			startUrl: record.startUrl,
			region: record.region,
			accessToken: record.accessToken,
			expiresAt: new Date(record.expiresAt),
			...(record.refreshToken ? { refreshToken: record.refreshToken } : {}),
			clientId: record.clientId,
			clientSecret: record.clientSecret,
			registrationExpiresAt: new Date(record.registrationExpiresAt),
		}).catch((error: unknown) => this._deps.logger.warn(`[sso] could not write the CLI token cache: ${shortReason(error)}`));
	}

	/** Proactive refresh: the AWS Toolkit refreshes only on use, so idle users get re-prompted. */
	private schedule(entry: Entry, delayMs?: number): void {
		entry.timer?.abort();
		entry.timer = undefined;
		const record = entry.record;
		if (this._disposed || !record?.refreshToken) {
			return;
		}
		const controller = new AbortController();
		entry.timer = controller;
		const due = Math.max(0, refreshDueAt(record) - this._deps.clock.now());
		// Windows sharing one sign-in would otherwise all refresh at the same instant and race
		// for the same (rotating) refresh token: start each a little early, at random.
		const jitter = Math.min(JITTER_MAX_MS, 0.05 * due) * (this._deps.random ?? Math.random)();
		const wait = delayMs ?? due - jitter;
		this._deps.clock
			.sleep(wait, controller.signal)
			.then(async () => {
				if (entry.timer !== controller) {
					return;
				}
				entry.timer = undefined;
				await this.refresh(entry);
			})
			.catch((error: unknown) => {
				if (!isCancellation(error)) {
					this._deps.logger.debug(`[sso] background refresh did not succeed: ${shortReason(error)}`);
				}
			});
	}

	private notify(entry: Entry): void {
		for (const listener of [...this._listeners]) {
			try {
				listener(entry.startUrl, entry.region);
			} catch (error) {
				this._deps.logger.warn(`[sso] change listener failed: ${shortReason(error)}`);
			}
		}
	}
}

/** Valid with a margin for the request in flight; the margin shrinks for very short-lived tokens. */
function isStillValid(record: Pick<SsoTokenRecord, 'expiresAt' | 'issuedAt'>, now: number): boolean {
	const expiresAt = Date.parse(record.expiresAt);
	const issuedAt = Date.parse(record.issuedAt);
	const lifetime = Number.isNaN(issuedAt) ? 60 * MINUTE : Math.max(0, expiresAt - issuedAt);
	return expiresAt - Math.min(EXPIRY_SAFETY_MS, 0.1 * lifetime) > now;
}

export function refreshDueAt(record: Pick<SsoTokenRecord, 'expiresAt' | 'issuedAt'>): number {
	const expiresAt = Date.parse(record.expiresAt);
	const issuedAt = Date.parse(record.issuedAt);
	const lifetime = Number.isNaN(issuedAt) ? 60 * MINUTE : Math.max(0, expiresAt - issuedAt);
	return expiresAt - Math.min(MAX_REFRESH_AHEAD_MS, (1 - REFRESH_AT_FRACTION) * lifetime);
}
