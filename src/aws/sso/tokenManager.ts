// Owns the IAM Identity Center access tokens of this window: one entry per start URL +
// region, refreshed with the refresh_token grant (on a timer before expiry and on use, one
// at a time per token). The rules live beside it: signInFlow (sign-in: deviceSignIn or authCodeSignIn), refreshPolicy
// (when to refresh, what ends a sign-in), tokenRenewal (one refresh and its outcome),
// tokenAdoption (another window's token), cliMirror (the AWS CLI cache) and
// refreshScheduler (the timers).
import type { RefreshFailure, SsoSignInParams } from '../engineTypes';
import type { Clock, Logger } from '../ports';
import { BedrockConnectError } from '../errors';
import { networkError, shortReason } from '../errorMapping';
import { validateSsoRegion, validateStartUrl } from '../validation';
import { CliTokenMirror, type CliMirrorDeps } from './cliMirror';
import { chooseAndRunSignIn } from './signInFlow';
import type { OidcClientPort } from './oidcPort';
import { backgroundRefreshDelay, isStillValid, keepsTokenAfterFailedRefresh, refreshDueAt, retryAfterFailureDelay, shouldRefreshOnUse } from './refreshPolicy';
import { RefreshScheduler, type TimerSlot } from './refreshScheduler';
import { newerStoredToken } from './tokenAdoption';
import { renewToken } from './tokenRenewal';
import { ssoKey, type SsoTokenRecord, type SsoTokenStore } from './tokenStore';

/** Kept for callers that import it from here. */
export { refreshDueAt } from './refreshPolicy';

/** With the CLI cache's home, opt-in and session names (CliMirrorDeps). */
export interface SsoTokenManagerDeps extends CliMirrorDeps {
	store: SsoTokenStore;
	oidcFor: (region: string) => OidcClientPort;
	clock: Clock;
	logger: Logger;
	/** 0..1; spreads background refreshes of several windows apart. Default Math.random. */
	random?: () => number;
}

export interface SsoTokenStatus {
	source: 'ours' | 'cli' | 'none';
	accessTokenExpiresAt?: Date;
	/** A refresh token is held and the registration has not expired. */
	refreshable: boolean;
	registrationExpiresAt?: Date;
	/** Why and when the last refresh failed (the session is kept and retried); cleared by a success. */
	lastRefreshFailure?: RefreshFailure;
}

interface Entry extends TimerSlot {
	startUrl: string;
	region: string;
	record?: SsoTokenRecord;
	cli?: { expiresAt: Date; hasRefreshToken: boolean };
	inflight?: Promise<SsoTokenRecord>;
	lastAttemptAt: number;
	/** Why the sign-in ended (until the next sign-in), so later callers hear the real reason. */
	ended?: BedrockConnectError;
	/** Refreshes failed in a row (for the back-off) and the last one's reason and time. */
	refreshFailures: number;
	lastRefreshFailure?: RefreshFailure;
}

export class SsoTokenManager {
	private readonly _entries = new Map<string, Entry>();
	private readonly _listeners = new Set<(startUrl: string, region: string) => void>();
	private readonly _cli: CliTokenMirror;
	private readonly _scheduler: RefreshScheduler;
	private _disposed = false;

	constructor(private readonly _deps: SsoTokenManagerDeps) {
		this._cli = new CliTokenMirror(_deps);
		this._scheduler = new RefreshScheduler(_deps.clock, _deps.logger);
	}

	/** Runs the sign-in flow asked for (default device code); on success the token is stored and kept fresh. */
	async signIn(params: SsoSignInParams): Promise<void> {
		const startUrl = validateStartUrl(params.startUrl);
		const region = validateSsoRegion(params.ssoRegion);
		const { store, clock, logger } = this._deps;
		const record = await chooseAndRunSignIn({ ...params, startUrl, ssoRegion: region }, { oidc: this._deps.oidcFor(region), store, clock, logger });
		const entry = this.entry(startUrl, region);
		entry.record = record;
		entry.cli = undefined;
		entry.ended = undefined;
		entry.refreshFailures = 0;
		entry.lastRefreshFailure = undefined;
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
		const forceRefresh = options.forceRefresh ?? false;
		const state = { forceRefresh, refreshInFlight: entry.inflight !== undefined, lastAttemptAt: entry.lastAttemptAt };
		if (!shouldRefreshOnUse(record, this._deps.clock.now(), state)) {
			return record.accessToken;
		}
		try {
			return (await this.refresh(entry)).accessToken;
		} catch (error) {
			const current = entry.record;
			if (current && keepsTokenAfterFailedRefresh(error, current, this._deps.clock.now(), forceRefresh)) {
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
				...(entry.lastRefreshFailure ? { lastRefreshFailure: entry.lastRefreshFailure } : {}),
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
		if (entry.record) {
			return isStillValid(entry.record, this._deps.clock.now()) || this.status(startUrl, region).refreshable;
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
		this._scheduler.cancel(entry);
		entry.record = undefined;
		entry.cli = undefined;
		entry.ended = undefined;
		await this._deps.store.deleteToken(startUrl, region);
		if (record) {
			await this._cli.deleteOurs(record);
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
			this._scheduler.cancel(entry);
		}
		this._listeners.clear();
	}

	private entry(startUrl: string, region: string): Entry {
		const key = ssoKey(startUrl, region);
		let entry = this._entries.get(key);
		if (!entry) {
			entry = { startUrl, region, lastAttemptAt: Number.NEGATIVE_INFINITY, refreshFailures: 0 };
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

	/** Without a token of ours, the CLI's; once our sign-in ended, its reason is the answer. */
	private async cliAccessToken(entry: Entry): Promise<string> {
		const found = await this._cli.read(entry.startUrl, this._deps.clock.now());
		entry.cli = found.token && { expiresAt: found.token.expiresAt, hasRefreshToken: found.token.hasRefreshToken };
		if (found.token) {
			return found.token.accessToken;
		}
		throw entry.ended ?? notSignedIn(entry.startUrl, found.expired);
	}

	/** One refresh at a time per token: callers meanwhile join it. */
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
		const outcome = await renewToken(record, { oidc: this._deps.oidcFor(record.region), clock, adoptNewer: () => this.adoptNewerStored(entry) });
		switch (outcome.kind) {
			case 'adopted':
				return outcome.record;
			case 'ended':
				throw await this.endSignIn(entry, outcome.reason);
			case 'failed': {
				entry.refreshFailures++;
				entry.lastRefreshFailure = { reason: shortReason(outcome.error), at: new Date(clock.now()) };
				const retryIn = retryAfterFailureDelay(entry.refreshFailures);
				logger.warn(`[sso] token refresh for ${entry.startUrl} failed (the session is kept; retry in ${retryIn / 1000} s): ${entry.lastRefreshFailure.reason}`);
				this.schedule(entry, retryIn);
				this.notify(entry);
				throw networkError('Could not renew the IAM Identity Center session', outcome.error);
			}
		}
		entry.refreshFailures = 0;
		entry.lastRefreshFailure = undefined;
		const refreshed = outcome.record;
		entry.record = refreshed;
		await this.persist(refreshed);
		this.schedule(entry);
		logger.info(`[sso] token for ${entry.startUrl} renewed; valid until ${refreshed.expiresAt}`);
		this.notify(entry);
		return refreshed;
	}

	/** Takes over a newer token another window stored, if there is one. */
	private async adoptNewerStored(entry: Entry): Promise<SsoTokenRecord | undefined> {
		const stored = await newerStoredToken(this._deps.store, entry);
		if (stored) {
			entry.record = stored;
			this.schedule(entry);
			this.notify(entry);
		}
		return stored;
	}

	private async endSignIn(entry: Entry, reason: string): Promise<BedrockConnectError> {
		this._scheduler.cancel(entry);
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
		await this._cli.write(record);
	}

	private schedule(entry: Entry, delayMs?: number): void {
		this._scheduler.cancel(entry);
		const record = entry.record;
		if (this._disposed || !record?.refreshToken) {
			return;
		}
		const wait = delayMs ?? backgroundRefreshDelay(record, this._deps.clock.now(), (this._deps.random ?? Math.random)());
		this._scheduler.schedule(entry, wait, () => this.refresh(entry));
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

function notSignedIn(startUrl: string, expired: boolean): BedrockConnectError {
	return new BedrockConnectError(
		'SignInRequired',
		expired ? `The IAM Identity Center session for ${startUrl} has expired.` : `You are not signed in to IAM Identity Center at ${startUrl}.`,
		{ action: 'Run "AWS: Sign In with IAM Identity Center (SSO)" (or `aws sso login`).' },
	);
}
