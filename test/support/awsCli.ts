// Runs Debian's AWS CLI v2 (/usr/bin/aws, package awscli) in a clean environment: no real
// ~/.aws, no inherited keys. Not the `aws` on PATH (a v1 shim on some machines).
// CLI 2.13+ follows AWS_ENDPOINT_URL; Debian 12's 2.9 does not, so awsCliEnvironment also gives its
// botocore endpoint rule sets (through AWS_DATA_PATH, searched before its own data) that send the SSO
// portal, SSO-OIDC and STS to the emulator. Nothing else of the CLI is changed.
import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const AWS_CLI = '/usr/bin/aws';

/** Fails (never skips) when the CLI is missing: .ci/run installs the awscli package. */
export function requireAwsCli(): void {
	if (!existsSync(AWS_CLI)) {
		throw new Error(`${AWS_CLI} is missing: install Debian's awscli package (apt-get install awscli), as .ci/run does; these tests need the real AWS CLI v2.`);
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

/** Service data directories the CLI's botocore reads (service name → API version). */
const SERVICES: Record<string, string> = { sso: '2019-06-10', sts: '2011-06-15', 'sso-oidc': '2019-06-10' };

function ruleSetTo(url: string): string {
	return JSON.stringify({
		version: '1.0',
		parameters: { Region: { builtIn: 'AWS::Region', required: false, documentation: 'The region.', type: 'String' } },
		rules: [{ conditions: [], endpoint: { url, properties: {}, headers: {} }, type: 'endpoint' }],
	});
}

/** Writes the rule sets under `dir` and returns an environment that sends the CLI's SSO and STS calls to the emulator. */
export async function awsCliEnvironment(options: { dir: string; endpointUrl: string; home: string; configFile: string }): Promise<NodeJS.ProcessEnv> {
	requireAwsCli();
	const dataPath = path.join(options.dir, 'botocore-data');
	for (const [service, version] of Object.entries(SERVICES)) {
		await fs.mkdir(path.join(dataPath, service, version), { recursive: true });
		await fs.writeFile(path.join(dataPath, service, version, 'endpoint-rule-set-1.json'), ruleSetTo(options.endpointUrl));
	}
	return {
		...cliEnvironment({
			HOME: options.home,
			AWS_CONFIG_FILE: options.configFile,
			AWS_SHARED_CREDENTIALS_FILE: path.join(options.dir, 'no-credentials'),
			AWS_ENDPOINT_URL: options.endpointUrl,
			AWS_DATA_PATH: dataPath,
		}),
	};
}

export function runAwsCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<CliResult> {
	return new Promise((resolve) => {
		execFile(AWS_CLI, args, { env, timeout: timeoutMs }, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
			resolve({ code, stdout, stderr });
		});
	});
}
