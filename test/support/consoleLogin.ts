// A console sign-in as `aws login` leaves it: a fresh P-256 DPoP key, a session for it in the
// emulator's AWS Sign-In, the cache file ~/.aws/login/cache/<sha256(login_session)>.json in the
// CLI's format (the SDK's login provider reads it), and the profile's `login_session` line.
// It stands in for the browser step only; every refresh after it goes through the real SDK.
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { CreateLoginSessionOptions, EmulatorControl, LoginSessionGrant } from '../emulator';

export interface ConsoleLoginFixture {
	grant: LoginSessionGrant;
	cacheFile: string;
	privateKey: KeyObject;
}

export function newDpopKey(): { privateKey: KeyObject; publicKey: { x: string; y: string } } {
	const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
	const jwk = publicKey.export({ format: 'jwk' });
	return { privateKey, publicKey: { x: jwk.x ?? '', y: jwk.y ?? '' } };
}

export function loginCacheFile(cacheDir: string, loginSession: string): string {
	return path.join(cacheDir, `${createHash('sha256').update(loginSession, 'utf8').digest('hex')}.json`);
}

export interface SignInWithConsoleOptions extends Omit<CreateLoginSessionOptions, 'publicKey'> {
	control: EmulatorControl;
	/** AWS_LOGIN_CACHE_DIRECTORY, or ~/.aws/login/cache of the test's HOME. */
	cacheDir: string;
	/** Seconds until the cached credentials expire (the SDK refreshes at ≤ 5 min left). Default: as issued (15 min). */
	cachedCredentialsExpireIn?: number;
	/** Sign the cache with another key than the one the session is bound to. */
	dpopKey?: KeyObject;
	region?: string;
}

/** Writes the cache file the way the AWS CLI does (JSON, `dpopKey` as a SEC1 PEM). */
export async function signInWithConsole(options: SignInWithConsoleOptions): Promise<ConsoleLoginFixture> {
	const { privateKey, publicKey } = newDpopKey();
	const grant = options.control.createLoginSession({ ...options, publicKey });
	const expiresAt =
		options.cachedCredentialsExpireIn === undefined ? grant.accessToken.expiresAt : new Date(Date.now() + options.cachedCredentialsExpireIn * 1000).toISOString();
	const cacheFile = loginCacheFile(options.cacheDir, grant.loginSession);
	await fs.mkdir(options.cacheDir, { recursive: true });
	const cache = {
		accessToken: { ...grant.accessToken, expiresAt },
		tokenType: 'urn:aws:params:oauth:token-type:access_token_sigv4',
		clientId: grant.clientId,
		refreshToken: grant.refreshToken,
		idToken: grant.idToken,
		dpopKey: (options.dpopKey ?? privateKey).export({ format: 'pem', type: 'sec1' }).toString(),
		...(options.region ? { signInRegion: options.region } : {}),
	};
	await fs.writeFile(cacheFile, JSON.stringify(cache, null, 2), { mode: 0o600 });
	return { grant, cacheFile, privateKey };
}

/** The profile `aws login --profile NAME` writes. */
export function consoleProfile(name: string, loginSession: string, region = 'us-east-1'): string {
	return `[${name === 'default' ? 'default' : `profile ${name}`}]\nlogin_session = ${loginSession}\nregion = ${region}\n`;
}
