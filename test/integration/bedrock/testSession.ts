// A small Connection for Bedrock integration tests, built on temporary keys the emulator issues.
// It caches like the real engine (one set of keys until forced or near expiry) and counts
// what the service asks of it, so tests can check "exactly one forced refresh".
import type { AwsCredentials, Connection } from '../../../src/aws/engineTypes';
import { BedrockConnectError } from '../../../src/aws/errors';
import type { EmulatorControl } from '../../emulator';

export interface CountingSession extends Connection {
	readonly calls: { total: number; forced: number; issued: number };
	/** The access key id currently handed out. */
	currentKeyId(): string | undefined;
	/** Replace the keys now, as a session does by itself ahead of expiry. */
	renew(): void;
	/** From now on a forced refresh fails the way an ended SSO session does. */
	failRefreshWithSignInRequired(): void;
	/** From now on a forced refresh hands back the same keys (a source that has nothing newer). */
	refreshWithoutNewKeys(): void;
}

export function temporaryKeySession(control: EmulatorControl, options: { region?: string; ttlSeconds?: number } = {}): CountingSession {
	let current: AwsCredentials | undefined;
	let refreshFails = false;
	let refreshStale = false;
	const calls = { total: 0, forced: 0, issued: 0 };
	const issue = () => {
		const keys = control.createTemporaryKeys({ ttlSeconds: options.ttlSeconds ?? 3600 });
		calls.issued++;
		current = { ...keys };
	};
	const credentials = async (opts?: { forceRefresh?: boolean }): Promise<AwsCredentials> => {
		calls.total++;
		if (opts?.forceRefresh) {
			calls.forced++;
			if (refreshFails) {
				throw new BedrockConnectError('SignInRequired', 'The SSO session has ended.', { action: 'Sign in again.' });
			}
			if (!refreshStale || !current) issue();
		} else if (!current || current.expiration.getTime() - Date.now() < 60_000) {
			issue();
		}
		return { ...(current as AwsCredentials) };
	};
	return {
		spec: { method: 'defaultChain' },
		region: options.region ?? 'us-east-1',
		credentials,
		calls,
		currentKeyId: () => current?.accessKeyId,
		renew: issue,
		failRefreshWithSignInRequired: () => {
			refreshFails = true;
		},
		refreshWithoutNewKeys: () => {
			refreshStale = true;
		},
		getIdentity: async () => {
			throw new Error('not needed by the Bedrock service');
		},
		expiry: () => ({ canRefreshSilently: true, ...(current ? { credentialsExpireAt: current.expiration } : {}) }),
		onDidChange: () => () => undefined,
		dispose: () => undefined,
	};
}

/** A Connection signed in with a Bedrock API key (bearer token). Its sigv4 provider must never be used. */
export function apiKeySession(token: string, region = 'us-east-1'): Connection & { sigv4Calls: number } {
	const session = {
		sigv4Calls: 0,
		spec: { method: 'bedrockApiKey' } as const,
		region,
		credentials: async (): Promise<AwsCredentials> => {
			session.sigv4Calls++;
			throw new BedrockConnectError('SignInRequired', 'No AWS credentials with a Bedrock API key.');
		},
		bearerToken: async () => ({ token }),
		getIdentity: async () => {
			throw new Error('not needed');
		},
		expiry: () => ({ canRefreshSilently: false }),
		onDidChange: () => () => undefined,
		dispose: () => undefined,
	};
	return session;
}
