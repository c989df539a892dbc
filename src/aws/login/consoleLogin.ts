// The engine's console-credential service: a login_session profile's cache state (for the
// sign-in command, Diagnose and the status bar), the AWS CLI that runs `aws login`, and the
// wait for the sign-in it writes. Reads the CLI's files; never writes them.
import { execFile } from 'node:child_process';
import { loadSharedConfig } from '../config';
import type { ConsoleLoginService, ConsoleSessionState } from '../engineTypes';
import { CLI_INSTALL_URL, parseAwsCliVersion, supportsConsoleLogin } from './cliVersion';
import { loginCacheDirectory, loginCachePath, readLoginCache } from './loginCache';
import { awsLoginCommandLine } from './loginCommand';
import { followConsoleSession } from './sessionFollow';
import { waitForNewConsoleSession } from './sessionWatch';

export function createConsoleLoginService(env: () => NodeJS.ProcessEnv): ConsoleLoginService {
	const state = async (profile: string): Promise<ConsoleSessionState> => {
		const config = await loadSharedConfig(env());
		const loginSession = config.profiles.get(profile)?.data.login_session;
		if (!loginSession) {
			return { profile, configFile: config.paths.configFile };
		}
		const cache = await readLoginCache(loginCachePath(loginSession, env()));
		return { profile, configFile: config.paths.configFile, loginSession, cache };
	};
	// Per profile: the session a sign-in uses (what followers compare with), and how many sign-in
	// commands wait for one (those adopt it themselves: a follower then keeps quiet).
	const inUse = new Map<string, string | undefined>();
	const waiting = new Map<string, number>();
	return {
		state,
		cli() {
			return new Promise((resolve) => {
				execFile('aws', ['--version'], { env: env(), timeout: 15_000, windowsHide: true }, (error, stdout, stderr) => {
					const version = error ? undefined : parseAwsCliVersion(`${stdout} ${stderr}`);
					resolve({ ...(version ? { version: version.text } : {}), supportsLogin: supportsConsoleLogin(version), installUrl: CLI_INSTALL_URL });
				});
			});
		},
		loginCommandLine: awsLoginCommandLine,
		async waitForNewSession(profile, before, signal) {
			let last: ConsoleSessionState | undefined;
			// A new profile gets its login_session line from `aws login`: re-read the config on each poll.
			waiting.set(profile, (waiting.get(profile) ?? 0) + 1);
			try {
				await waitForNewConsoleSession({
					read: async () => (last = await state(profile).catch(() => undefined))?.cache,
					before,
					signal,
				});
			} finally {
				waiting.set(profile, (waiting.get(profile) ?? 1) - 1);
			}
			inUse.set(profile, last?.cache?.sessionKey);
			return last!;
		},
		followSession(profile, onNewSession) {
			let follow: { dispose(): void } | undefined;
			let disposed = false;
			let last: ConsoleSessionState | undefined;
			void state(profile)
				.catch(() => undefined)
				.then((start) => {
					if (disposed) return;
					// The session the sign-in just used: only another one is news.
					inUse.set(profile, start?.cache?.sessionKey);
					follow = followConsoleSession({
						directory: loginCacheDirectory(env()),
						// The profile's login_session may change with `aws login`: the config is read again each time.
						read: async () => (waiting.get(profile) ? undefined : (last = await state(profile)).cache),
						inUse: () => inUse.get(profile),
						onNewSession: (seen) => {
							inUse.set(profile, seen.sessionKey);
							onNewSession(last!);
						},
					});
				});
			return {
				dispose() {
					disposed = true;
					follow?.dispose();
				},
			};
		},
	};
}
