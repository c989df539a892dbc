// The provider every AWS client gets: caches credentials, refreshes them ahead of expiry,
// shares one in-flight refresh among all callers, and keeps serving still-valid credentials
// when a refresh fails for a passing reason. Shaped like an SDK credential provider.
import type { AwsCredentials, RefreshingCredentialProvider } from './engineTypes';
import type { Clock, Logger } from './ports';
import { BedrockConnectError, isBedrockConnectError, isCancellation } from './errors';
import { isTransientError } from './errorMapping';
import { refreshDueTime, usableUntil } from './expiryTiming';

/** What a credential source hands back; sources of static keys leave `expiration` out. */
export interface SourcedCredentials {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
	expiration?: Date;
}

export type CredentialSource = () => Promise<SourcedCredentials>;

/** Keeps only the fields we use from what an SDK provider returned (it may carry more, e.g. `$source`). */
export function toSourcedCredentials(sdk: SourcedCredentials): SourcedCredentials {
	return {
		accessKeyId: sdk.accessKeyId,
		secretAccessKey: sdk.secretAccessKey,
		...(sdk.sessionToken ? { sessionToken: sdk.sessionToken } : {}),
		...(sdk.expiration ? { expiration: sdk.expiration } : {}),
	};
}

export interface RefreshingProviderOptions {
	source: CredentialSource;
	clock: Clock;
	logger: Logger;
	/** Names the session in log lines (never a secret). */
	label: string;
	/** Lifetime given to credentials without an expiration, so rotated keys are re-read. Default 15 min. */
	syntheticLifetimeMs?: number;
	/** Refresh at most this long before expiry. Default 10 min. */
	maxRefreshAheadMs?: number;
	/** …and at most this share of the credentials' lifetime before expiry. Default 0.25. */
	refreshAheadFraction?: number;
	/** No upstream call more often than this unless forced or the cache is unusable. Default 30 s. */
	minRefreshIntervalMs?: number;
	/** Fired after credentials changed or became unavailable. */
	onDidChange?: () => void;
}

export interface ProviderState {
	credentials?: AwsCredentials;
	/** True when `credentials.expiration` was made up by us (static keys). */
	synthetic: boolean;
	/** The last refresh failure, cleared by the next success. */
	lastError?: unknown;
}

export interface RefreshingProviderHandle {
	provider: RefreshingCredentialProvider;
	state(): ProviderState;
	/** Forget cached credentials (sign-out, switching source). */
	invalidate(): void;
}

const MINUTE = 60_000;

/** Credentials count as expired a little early: a request signed now may arrive a few seconds later. */
const EXPIRY_SAFETY_MS = 15_000;

export function createRefreshingProvider(options: RefreshingProviderOptions): RefreshingProviderHandle {
	const { source, clock, logger, label } = options;
	const syntheticLifetimeMs = options.syntheticLifetimeMs ?? 15 * MINUTE;
	const maxRefreshAheadMs = options.maxRefreshAheadMs ?? 10 * MINUTE;
	const refreshAheadFraction = options.refreshAheadFraction ?? 0.25;
	const minRefreshIntervalMs = options.minRefreshIntervalMs ?? 30_000;

	let cached: { credentials: AwsCredentials; obtainedAt: number; synthetic: boolean } | undefined;
	let lastAttemptAt = Number.NEGATIVE_INFINITY;
	let lastError: unknown;
	let lastErrorAt = Number.NEGATIVE_INFINITY;
	let inflight: Promise<AwsCredentials> | undefined;
	let generation = 0;

	const isUsable = (now: number): boolean => {
		if (!cached) {
			return false;
		}
		const expiresAt = cached.credentials.expiration.getTime();
		// The margin scales down for very short-lived credentials, which would otherwise never count as usable.
		return usableUntil(expiresAt, Math.max(0, expiresAt - cached.obtainedAt), EXPIRY_SAFETY_MS) > now;
	};

	const refreshDueAt = (): number => {
		if (!cached) {
			return Number.NEGATIVE_INFINITY;
		}
		const expiresAt = cached.credentials.expiration.getTime();
		return refreshDueTime(expiresAt, Math.max(0, expiresAt - cached.obtainedAt), { maxAheadMs: maxRefreshAheadMs, aheadFraction: refreshAheadFraction });
	};

	/**
	 * Later credentials than the cached ones are a renewal: when even they look expired, our clock
	 * runs ahead of the issuer's (AWS judges them by its own). Stale credentials never get later.
	 */
	const renews = (expiration: Date): boolean => cached !== undefined && !cached.synthetic && expiration.getTime() > cached.credentials.expiration.getTime();

	const notify = (): void => {
		try {
			options.onDidChange?.();
		} catch (e) {
			logger.warn(`[credentials:${label}] a change listener failed: ${String(e)}`);
		}
	};

	const refresh = (): Promise<AwsCredentials> => {
		inflight ??= doRefresh().finally(() => {
			inflight = undefined;
		});
		return inflight;
	};

	const doRefresh = async (): Promise<AwsCredentials> => {
		const startedGeneration = generation;
		lastAttemptAt = clock.now();
		try {
			const sourced = await source();
			const now = clock.now();
			if (sourced.expiration !== undefined && !(sourced.expiration.getTime() > now) && !renews(sourced.expiration)) {
				// Every source should catch this itself; whichever does not, its keys are never handed out.
				const when = Number.isNaN(sourced.expiration.getTime()) ? 'at an unreadable time' : `at ${sourced.expiration.toISOString()}`;
				throw new BedrockConnectError('SignInRequired', `The credentials of this sign-in (${label}) had already expired ${when} when they were read.`, {
					action: 'Renew them where they come from (profile, environment, credential_process …), then refresh, or sign in again.',
				});
			}
			const synthetic = sourced.expiration === undefined;
			const credentials: AwsCredentials = {
				accessKeyId: sourced.accessKeyId,
				secretAccessKey: sourced.secretAccessKey,
				...(sourced.sessionToken ? { sessionToken: sourced.sessionToken } : {}),
				expiration: sourced.expiration ?? new Date(now + syntheticLifetimeMs),
			};
			if (startedGeneration !== generation) {
				// Invalidated while we were fetching: do not resurrect a session that was signed out.
				return credentials;
			}
			const changed =
				!cached ||
				cached.credentials.accessKeyId !== credentials.accessKeyId ||
				cached.credentials.expiration.getTime() !== credentials.expiration.getTime() ||
				lastError !== undefined;
			cached = { credentials, obtainedAt: now, synthetic };
			lastError = undefined;
			logger.debug(
				`[credentials:${label}] refreshed; valid until ${credentials.expiration.toISOString()}${synthetic ? ' (re-read then)' : ''}`,
			);
			if (changed) {
				notify();
			}
			return credentials;
		} catch (error) {
			if (!isCancellation(error)) {
				lastError = error;
				lastErrorAt = clock.now();
			}
			logger.warn(`[credentials:${label}] refresh failed: ${describe(error)}`);
			notify();
			throw error;
		}
	};

	const provider: RefreshingCredentialProvider = async (callOptions) => {
		const now = clock.now();
		if (callOptions?.forceRefresh) {
			return refresh();
		}
		if (cached && isUsable(now)) {
			const due = now >= refreshDueAt();
			// A refresh already under way is joined rather than answered with the old credentials.
			const recentlyTried = !inflight && now - lastAttemptAt < minRefreshIntervalMs;
			if (!due || recentlyTried) {
				return cached.credentials;
			}
			try {
				return await refresh();
			} catch (error) {
				// A refresh ahead of expiry that fails still leaves working credentials: use them,
				// and let the next attempt (after minRefreshIntervalMs) try again.
				if (cached && isUsable(clock.now())) {
					return cached.credentials;
				}
				throw error;
			}
		}
		// Nothing usable. A source that just failed for good (sign-in needed) is not asked again:
		// its answer is repeated until the interval passes or someone forces a refresh.
		// Passing trouble (network, throttling) is retried at once instead.
		if (lastError !== undefined && isBedrockConnectError(lastError) && !isTransientError(lastError) && now - lastErrorAt < minRefreshIntervalMs) {
			throw lastError;
		}
		return refresh();
	};

	return {
		provider,
		state: () => ({
			credentials: cached?.credentials,
			synthetic: cached?.synthetic ?? false,
			...(lastError !== undefined ? { lastError } : {}),
		}),
		invalidate: () => {
			generation++;
			cached = undefined;
			lastError = undefined;
			lastAttemptAt = Number.NEGATIVE_INFINITY;
			lastErrorAt = Number.NEGATIVE_INFINITY;
		},
	};
}

function describe(error: unknown): string {
	if (isBedrockConnectError(error)) {
		return `${error.code}: ${error.message}`;
	}
	return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
