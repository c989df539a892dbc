// Runs Debian's AWS CLI v2 (/usr/bin/aws, package awscli) in a clean environment: no real
// ~/.aws, no inherited keys. Not the `aws` on PATH (a v1 shim on some machines).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const AWS_CLI = '/usr/bin/aws';

/** Fails (never skips) when the CLI is missing: .ci/run installs the awscli package. */
export function requireAwsCli(): void {
	if (!existsSync(AWS_CLI)) {
		throw new Error(`${AWS_CLI} is missing: install Debian's awscli package (apt-get install awscli); these tests need the real AWS CLI v2.`);
	}
}

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

/** An environment with only what the CLI needs plus `extra` (no keys, no profile, no real config files). */
export function cliEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
	const nowhere = path.join(os.tmpdir(), 'bedrock-connect-cli-no-such-dir');
	return {
		PATH: process.env.PATH ?? '/usr/bin:/bin',
		HOME: nowhere,
		AWS_CONFIG_FILE: path.join(nowhere, 'config'),
		AWS_SHARED_CREDENTIALS_FILE: path.join(nowhere, 'credentials'),
		AWS_EC2_METADATA_DISABLED: 'true',
		AWS_PAGER: '',
		...extra,
	};
}

export function runAwsCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<CliResult> {
	return new Promise((resolve) => {
		execFile(AWS_CLI, args, { env, timeout: timeoutMs }, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
			resolve({ code, stdout, stderr });
		});
	});
}
