// Runs Debian's AWS CLI v2 (/usr/bin/aws; the `aws` on PATH may be a v1 shim) against the
// emulator. CLI 2.13+ follows AWS_ENDPOINT_URL; Debian 12's 2.9 does not, so its botocore also gets
// endpoint rule sets (through AWS_DATA_PATH, searched before its own data) that send the SSO
// portal and STS to the emulator. Nothing else of the CLI is changed.
import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';

export const AWS_CLI_V2 = '/usr/bin/aws';

/** Service data directories the CLI's botocore reads (service name → API version). */
const SERVICES: Record<string, string> = { sso: '2019-06-10', sts: '2011-06-15', 'sso-oidc': '2019-06-10' };

function ruleSetTo(url: string): string {
	return JSON.stringify({
		version: '1.0',
		parameters: { Region: { builtIn: 'AWS::Region', required: false, documentation: 'The region.', type: 'String' } },
		rules: [{ conditions: [], endpoint: { url, properties: {}, headers: {} }, type: 'endpoint' }],
	});
}

/** Writes the rule sets under `dir` and returns the environment to run the CLI with. */
export async function awsCliEnvironment(options: { dir: string; endpointUrl: string; home: string; configFile: string }): Promise<NodeJS.ProcessEnv> {
	if (!existsSync(AWS_CLI_V2)) {
		throw new Error(`${AWS_CLI_V2} is missing: install Debian's awscli package (apt-get install awscli), as .ci/run does.`);
	}
	const dataPath = path.join(options.dir, 'botocore-data');
	for (const [service, version] of Object.entries(SERVICES)) {
		await fs.mkdir(path.join(dataPath, service, version), { recursive: true });
		await fs.writeFile(path.join(dataPath, service, version, 'endpoint-rule-set-1.json'), ruleSetTo(options.endpointUrl));
	}
	return {
		PATH: process.env.PATH,
		HOME: options.home,
		AWS_CONFIG_FILE: options.configFile,
		AWS_SHARED_CREDENTIALS_FILE: path.join(options.dir, 'no-credentials'),
		AWS_ENDPOINT_URL: options.endpointUrl,
		AWS_DATA_PATH: dataPath,
		AWS_PAGER: '',
		AWS_EC2_METADATA_DISABLED: 'true',
	};
}

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

export function runAwsCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
	return new Promise((resolve) => {
		execFile(AWS_CLI_V2, args, { env, timeout: 60_000 }, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
			resolve({ code, stdout, stderr });
		});
	});
}
