// The engine's console-credential service: a login_session profile's cache state (for the
// sign-in command, Diagnose and the status bar) and the AWS CLI's version (`aws --version`).
import { execFile } from 'node:child_process';
import { loadSharedConfig } from '../config';
import type { ConsoleLoginService, ConsoleSessionState } from '../engineTypes';
import { parseAwsCliVersion } from './cliVersion';
import { loginCachePath, readLoginCache } from './loginCache';

export function createConsoleLoginService(env: () => NodeJS.ProcessEnv): ConsoleLoginService {
	return {
		async state(profile: string): Promise<ConsoleSessionState> {
			const config = await loadSharedConfig(env());
			const loginSession = config.profiles.get(profile)?.data.login_session;
			if (!loginSession) {
				return { profile, configFile: config.paths.configFile };
			}
			const cache = await readLoginCache(loginCachePath(loginSession, env()));
			return { profile, configFile: config.paths.configFile, loginSession, cache };
		},
		cliVersion(): Promise<string | undefined> {
			return new Promise((resolve) => {
				execFile('aws', ['--version'], { env: env(), timeout: 15_000, windowsHide: true }, (error, stdout, stderr) => {
					resolve(error ? undefined : parseAwsCliVersion(`${stdout} ${stderr}`)?.text);
				});
			});
		},
	};
}
