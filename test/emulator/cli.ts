// Standalone emulator (`npm run emulator -- --port 4566`): prints how to point the SDK, the CLI
// or the extension at it, with a ready profile and demo key, and runs until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { startEmulator } from './index';
import type { EmulatorOptions } from './types';

const USAGE = `Usage: npm run emulator -- [--port N] [--http2-port N] [--host H] [--auto-approve N] [--stream-delay MS] [--quiet]

  --port           HTTP/1.1 port for STS, SSO, SSO-OIDC, Bedrock, admin and the device page (default: free port)
  --http2-port     cleartext HTTP/2 port for Bedrock Runtime (default: free port)
  --auto-approve   approve device codes by themselves after N polls (default: approve on the device page)
  --stream-delay   milliseconds between streamed deltas (default 30, so streaming is visible)
  --quiet          do not log each request`;

function integerOption(value: string | undefined, name: string): number | undefined {
	if (value === undefined) {
		return undefined;
	}
	const parsed = Number(value);
	if (!Number.isInteger(parsed) || parsed < 0) {
		throw new Error(`--${name} needs a non-negative integer, not ${value}`);
	}
	return parsed;
}

function readOptions(): (EmulatorOptions & { quiet: boolean }) | undefined {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			'http2-port': { type: 'string' },
			host: { type: 'string' },
			'auto-approve': { type: 'string' },
			'stream-delay': { type: 'string' },
			quiet: { type: 'boolean', default: false },
			help: { type: 'boolean', short: 'h', default: false },
		},
	});
	if (values.help) {
		return undefined;
	}
	return {
		host: values.host,
		port: integerOption(values.port, 'port'),
		http2Port: integerOption(values['http2-port'], 'http2-port'),
		autoApproveAfterPolls: integerOption(values['auto-approve'], 'auto-approve'),
		streamDelayMs: integerOption(values['stream-delay'], 'stream-delay') ?? 30,
		quiet: values.quiet ?? false,
	};
}

async function main(): Promise<void> {
	let options: ReturnType<typeof readOptions>;
	try {
		options = readOptions();
	} catch (error) {
		console.error(error instanceof Error ? error.message : String(error));
		console.error(USAGE);
		process.exitCode = 2;
		return;
	}
	if (!options) {
		console.log(USAGE);
		return;
	}
	const log = options.quiet ? undefined : (line: string) => console.error(`[emulator ${new Date().toISOString().slice(11, 19)}] ${line}`);
	const emulator = await startEmulator({ ...options, log });
	const key = emulator.control.createAccessKey({ userName: 'demo' });
	const { httpUrl, http2Url, region } = emulator;

	console.log(`AWS emulator running
  HTTP/1.1  ${httpUrl}   STS, SSO, SSO-OIDC, Bedrock control plane, admin (${httpUrl}/__emulator/…)
  HTTP/2    ${http2Url}   Bedrock Runtime (cleartext HTTP/2)
  Device page: ${httpUrl}/device${options.autoApproveAfterPolls !== undefined ? ` (codes approve by themselves after ${options.autoApproveAfterPolls} polls)` : ''}

Point the AWS SDK and CLI at it:
  export AWS_ENDPOINT_URL=${httpUrl}
  export AWS_ENDPOINT_URL_BEDROCK_RUNTIME=${http2Url}
  export AWS_REGION=${region}

A ready profile with a demo access key (nothing was written to ~/.aws; paste it into a config
file of your own and set AWS_CONFIG_FILE to it):
  [profile emulator]
  region = ${region}
  aws_access_key_id = ${key.accessKeyId}
  aws_secret_access_key = ${key.secretAccessKey}
  endpoint_url = ${httpUrl}
  services = emulator

  [profile emulator-sso]
  sso_session = emulator
  sso_account_id = 111111111111
  sso_role_name = BedrockUser
  region = ${region}
  services = emulator

  [sso-session emulator]
  sso_start_url = https://emulator.awsapps.com/start
  sso_region = ${region}
  sso_registration_scopes = sso:account:access

  [services emulator]
  bedrock_runtime =
    endpoint_url = ${http2Url}

More keys and faults: curl -s -X POST ${httpUrl}/__emulator/createAccessKey
  (see test/emulator/README.md). Stop with Ctrl+C.`);

	const stop = (signal: string) => {
		log?.(`${signal}: stopping`);
		void emulator.stop().then(() => process.exit(0));
	};
	process.once('SIGINT', () => stop('SIGINT'));
	process.once('SIGTERM', () => stop('SIGTERM'));
	// A bug in one request must not take the server down for everyone else.
	process.on('uncaughtException', (error) => console.error(`[emulator] uncaught: ${error.message}`));
	process.on('unhandledRejection', (reason) => console.error(`[emulator] unhandled: ${reason instanceof Error ? reason.message : String(reason)}`));
}

void main();
