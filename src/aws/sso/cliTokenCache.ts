// The AWS CLI's SSO token cache (~/.aws/sso/cache/<sha1(session name | start URL)>.json):
// read so an `aws sso login` counts as signed in, written only when the user opts in.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface CliSsoToken {
	file: string;
	/** The cache key: an sso-session name or a start URL. */
	key: string;
	startUrl?: string;
	region?: string;
	accessToken: string;
	expiresAt: Date;
	hasRefreshToken: boolean;
}

export function cliCacheDir(home: string): string {
	return path.join(home, '.aws', 'sso', 'cache');
}

export function cliCacheFile(home: string, key: string): string {
	return path.join(cliCacheDir(home), `${createHash('sha1').update(key).digest('hex')}.json`);
}

/** Reads one cache entry; undefined when absent or unreadable. */
export async function readCliToken(home: string, key: string): Promise<CliSsoToken | undefined> {
	const file = cliCacheFile(home, key);
	try {
		const data = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
		if (typeof data.accessToken !== 'string' || typeof data.expiresAt !== 'string') {
			return undefined;
		}
		const expiresAt = new Date(data.expiresAt);
		if (Number.isNaN(expiresAt.getTime())) {
			return undefined;
		}
		return {
			file,
			key,
			...(typeof data.startUrl === 'string' ? { startUrl: data.startUrl } : {}),
			...(typeof data.region === 'string' ? { region: data.region } : {}),
			accessToken: data.accessToken,
			expiresAt,
			hasRefreshToken: typeof data.refreshToken === 'string' && data.refreshToken.length > 0,
		};
	} catch {
		return undefined;
	}
}

/** Every token entry in the cache directory, for diagnostics (tokens are never shown). */
export async function listCliTokens(home: string): Promise<Array<Omit<CliSsoToken, 'key' | 'accessToken'>>> {
	const dir = cliCacheDir(home);
	let names: string[];
	try {
		names = await fs.readdir(dir);
	} catch {
		return [];
	}
	const entries: Array<Omit<CliSsoToken, 'key' | 'accessToken'>> = [];
	for (const name of names.filter((n) => n.endsWith('.json'))) {
		try {
			const data = JSON.parse(await fs.readFile(path.join(dir, name), 'utf8')) as Record<string, unknown>;
			if (typeof data.accessToken !== 'string' || typeof data.expiresAt !== 'string') {
				continue; // client registrations live here too
			}
			entries.push({
				file: path.join(dir, name),
				...(typeof data.startUrl === 'string' ? { startUrl: data.startUrl } : {}),
				...(typeof data.region === 'string' ? { region: data.region } : {}),
				expiresAt: new Date(data.expiresAt),
				hasRefreshToken: typeof data.refreshToken === 'string',
			});
		} catch {
			// unreadable entries are reported by their absence
		}
	}
	return entries;
}

export interface CliTokenToWrite {
	startUrl: string;
	region: string;
	accessToken: string;
	expiresAt: Date;
	refreshToken?: string;
	clientId: string;
	clientSecret: string;
	registrationExpiresAt: Date;
}

/** Writes the CLI format atomically with mode 0600, as botocore does (temp file + rename). */
export async function writeCliToken(home: string, key: string, token: CliTokenToWrite): Promise<void> {
	const file = cliCacheFile(home, key);
	await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
	const body = JSON.stringify({
		startUrl: token.startUrl,
		region: token.region,
		accessToken: token.accessToken,
		expiresAt: token.expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
		...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
		clientId: token.clientId,
		clientSecret: token.clientSecret,
		registrationExpiresAt: token.registrationExpiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
	});
	const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
	await fs.writeFile(temp, body, { mode: 0o600 });
	await fs.rename(temp, file);
}

/** Deletes a cache entry only if it still holds this access token (ours, not a later CLI login). */
export async function deleteCliTokenIfOurs(home: string, key: string, accessToken: string): Promise<void> {
	const existing = await readCliToken(home, key);
	if (existing?.accessToken === accessToken) {
		await fs.rm(existing.file, { force: true });
	}
}
