// The AWS CLI's console-credential cache (`aws login`), read only: where the file of a
// login_session lives and what it says without handing out a secret. We never write it: the
// CLI creates it and the SDK's provider rotates its refresh token.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { homeDirectory } from '../config';
import { consoleSessionEnd } from './sessionEnd';

/** Same rule as the SDK's LoginCredentialsFetcher: AWS_LOGIN_CACHE_DIRECTORY or ~/.aws/login/cache, file sha256(login_session).json. */
export function loginCachePath(loginSession: string, env: NodeJS.ProcessEnv): string {
	return path.join(loginCacheDirectory(env), `${createHash('sha256').update(loginSession, 'utf8').digest('hex')}.json`);
}

export function loginCacheDirectory(env: NodeJS.ProcessEnv): string {
	return env.AWS_LOGIN_CACHE_DIRECTORY || path.join(homeDirectory(env), '.aws', 'login', 'cache');
}

/** What the cache file says, secrets left out. */
export interface LoginCacheSummary {
	path: string;
	/** False when the file is missing, unreadable, not JSON or lacks a field the SDK needs. */
	usable: boolean;
	problem?: string;
	accountId?: string;
	credentialsExpireAt?: Date;
	/** When the renewable session ends, if the idToken tells (see sessionEnd.ts). */
	sessionEndsAt?: Date;
	/** Changes whenever the file's content changes (a new sign-in, a refresh): a digest, never the content. */
	fingerprint?: string;
	/**
	 * Changes only with a new sign-in (`aws login`), not with the SDK's refreshes, which keep the
	 * idToken, client and DPoP key and rotate the rest: a digest of those three, never the content.
	 */
	sessionKey?: string;
}

const REQUIRED = ['accessToken', 'clientId', 'refreshToken', 'dpopKey'] as const;

export async function readLoginCache(file: string): Promise<LoginCacheSummary> {
	let text: string;
	try {
		text = await fs.readFile(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return { path: file, usable: false, problem: code === 'ENOENT' ? 'there is no cache file (not signed in with `aws login` yet)' : `the cache file cannot be read (${code ?? 'error'})` };
	}
	const fingerprint = createHash('sha256').update(text).digest('hex').slice(0, 16);
	let data: Record<string, unknown>;
	try {
		const parsed: unknown = JSON.parse(text);
		if (parsed === null || typeof parsed !== 'object') throw new Error('not an object');
		data = parsed as Record<string, unknown>;
	} catch {
		return { path: file, usable: false, problem: 'the cache file is not valid JSON', fingerprint };
	}
	const accessToken = (data.accessToken ?? {}) as Record<string, unknown>;
	const missing: string[] = REQUIRED.filter((key) => !data[key]);
	if (!accessToken.accountId) missing.push('accountId');
	const expiresAt = typeof accessToken.expiresAt === 'string' ? new Date(accessToken.expiresAt) : undefined;
	const sessionEndsAt = typeof data.idToken === 'string' ? consoleSessionEnd(data.idToken) : undefined;
	return {
		path: file,
		usable: missing.length === 0,
		...(missing.length ? { problem: `the cache file lacks ${missing.join(', ')}` } : {}),
		...(typeof accessToken.accountId === 'string' ? { accountId: accessToken.accountId } : {}),
		...(expiresAt && !Number.isNaN(expiresAt.getTime()) ? { credentialsExpireAt: expiresAt } : {}),
		...(sessionEndsAt ? { sessionEndsAt } : {}),
		fingerprint,
		sessionKey: createHash('sha256').update(`${String(data.idToken ?? '')}\n${String(data.clientId ?? '')}\n${String(data.dpopKey ?? '')}`).digest('hex').slice(0, 16),
	};
}
