// The engine's console-credential service: a login_session profile's cache state (for the
// sign-in command, Diagnose and the status bar), the AWS CLI that runs `aws login`, and the
// wait for the sign-in it writes. Reads the CLI's files; never writes them.
import { execFile } from 'node:child_process';
import { loadSharedConfig } from '../config';
import type { ConsoleLoginService, ConsoleSessionState } from '../engineTypes';
import { CLI_INSTALL_URL, parseAwsCliVersion, supportsConsoleLogin } from './cliVersion';
import { loginCachePath, readLoginCache } from './loginCache';
import { awsLoginCommandLine } from './loginCommand';
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
			await waitForNewConsoleSession({
				read: async () => (last = await state(profile).catch(() => undefined))?.cache,
				before,
				signal,
			});
			return last!;
		},
	};
}
