// Diagnose's lines for console credentials: each login_session profile's cache (where, whether
// the SDK can use it, until when the session renews) and whether `aws login` can run. No secret.
import type { SharedConfig } from '../config';
import type { DiagnosisFinding } from '../engineTypes';
import { loginCachePath, readLoginCache } from './loginCache';

export async function consoleSessionFindings(config: SharedConfig, env: NodeJS.ProcessEnv, now: number, cli: () => Promise<{ version?: string; supportsLogin: boolean; installUrl: string }>): Promise<DiagnosisFinding[]> {
	const profiles = [...config.profiles].filter(([, entry]) => entry.data.login_session);
	if (profiles.length === 0) {
		return [];
	}
	const findings = await Promise.all(
		profiles.map(async ([name, entry]): Promise<DiagnosisFinding> => {
			const cache = await readLoginCache(loginCachePath(entry.data.login_session!, env));
			const source = `Console sign-in '${name}'`;
			const login = `Run \`aws login --profile ${name}\`, or "AWS: Sign In with Console Credentials".`;
			if (!cache.usable) {
				return { source, severity: 'warning', summary: `${cache.path}: ${cache.problem ?? 'not usable'}.`, fix: login };
			}
			const ends = cache.sessionEndsAt;
			if (ends && ends.getTime() <= now) {
				return { source, severity: 'warning', summary: `${cache.path}: the session ended at ${ends.toISOString()} (console sessions renew for at most 12 hours).`, fix: login };
			}
			return {
				source,
				severity: 'ok',
				summary: `${cache.path}: account ${cache.accountId ?? '?'}, credentials valid until ${cache.credentialsExpireAt?.toISOString() ?? '?'}, renewing ${ends ? `until ${ends.toISOString()}` : '(end unknown)'}.`,
			};
		}),
	);
	const found = await cli();
	findings.push(
		found.supportsLogin
			? { source: 'AWS CLI', severity: 'ok', summary: `AWS CLI ${found.version ?? ''} on PATH can run \`aws login\`.` }
			: {
					source: 'AWS CLI',
					severity: 'warning',
					summary: `${found.version ? `AWS CLI ${found.version} is older than 2.32` : 'No AWS CLI on PATH'}: console sessions cannot be renewed from here once they end.`,
					fix: `Install or update the AWS CLI v2 (${found.installUrl}).`,
				},
	);
	return findings;
}
