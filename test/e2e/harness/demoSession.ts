// The running part of `npm run demo`: the AWS emulator plus code-server with the packaged extension,
// a demo HOME with ready profiles, until Ctrl+C. scripts/demo.mjs builds and installs first.
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startEmulator } from '../../emulator';
import { startCodeServer } from './codeServer';

const demoStartUrl = 'https://bedrock-connect-demo.awsapps.com/start';
const region = 'us-east-1';
/**
 * code-server turns every link to localhost, 127.0.0.1 or 0.0.0.0:PORT that an extension opens into
 * its own /proxy/PORT/ route and drops the path, which would break the device page's link. Any
 * other loopback address is left alone; Linux answers on all of 127.0.0.0/8, macOS only on .1.
 */
const emulatorHost = process.platform === 'linux' ? '127.0.0.2' : '127.0.0.1';

function portOption(value: string | undefined, name: string): number | undefined {
	if (value === undefined) return undefined;
	const port = Number(value);
	if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`--${name} needs a port number, not ${value}`);
	return port;
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			'emulator-port': { type: 'string' },
			quiet: { type: 'boolean', default: false },
		},
	});
	const port = portOption(values.port, 'port');
	const emulatorPort = portOption(values['emulator-port'], 'emulator-port');
	const log = values.quiet ? undefined : (line: string) => console.log(`[emulator ${new Date().toISOString().slice(11, 19)}] ${line}`);

	// Replies stream slowly enough to watch; device codes wait for the Approve button on the device page.
	const emulator = await startEmulator({ host: emulatorHost, port: emulatorPort, streamDelayMs: 30, log });
	const key = emulator.control.createAccessKey({ userName: 'demo' });
	const pasteKey = emulator.control.createAccessKey({ userName: 'pasted' });
	const apiKey = emulator.control.createBedrockApiKey();

	const server = await startCodeServer({
		label: 'demo',
		port,
		env: { ...emulator.env, AWS_REGION: region },
		settings: {
			'bedrockConnect.sso.startUrl': demoStartUrl,
			'bedrockConnect.sso.region': region,
			'bedrockConnect.region': region,
			'workbench.notifications.autoHide': true,
		},
		homeFiles: {
			'.aws/config': [
				'[default]', `region = ${region}`, '',
				'[profile demo-keys]', `region = ${region}`, '',
				'[profile demo-sso]', 'sso_session = demo', 'sso_account_id = 111111111111', 'sso_role_name = BedrockUser', `region = ${region}`, '',
				'[sso-session demo]', `sso_start_url = ${demoStartUrl}`, `sso_region = ${region}`, 'sso_registration_scopes = sso:account:access', '',
				'[profile demo-assume]', 'role_arn = arn:aws:iam::222222222222:role/BedrockDemo', 'source_profile = demo-keys', `region = ${region}`, '',
			].join('\n'),
			'.aws/credentials': ['[demo-keys]', `aws_access_key_id = ${key.accessKeyId}`, `aws_secret_access_key = ${key.secretAccessKey}`, ''].join('\n'),
		},
		workspaceFiles: {
			'TRY-ME.md': [
				'# Bedrock Connect demo',
				'',
				'Everything here talks to a local AWS emulator; no real AWS account is used.',
				'',
				'- Click **AWS: Sign In** in the status bar (or F1 → "AWS: Sign In…").',
				'- IAM Identity Center: the device page of the emulator opens; click **Approve**, then pick an account and role.',
				'- Profiles `demo-keys`, `demo-sso` and `demo-assume` are in the demo HOME\'s `~/.aws/config`.',
				'- F1 → "Bedrock: Open Chat" and ask something; replies stream from the emulator.',
				'',
			].join('\n'),
		},
	});

	const stopEverything = async (): Promise<void> => {
		await server.stop();
		await emulator.stop();
	};
	// The harness kills code-server's process group on SIGINT; the scratch folder goes too.
	process.on('exit', () => rmSync(server.rootDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }));
	process.once('SIGTERM', () => void stopEverything().then(() => process.exit(0)));

	console.log(`
Bedrock Connect demo is running.

  Open:      ${server.url}
  Emulator:  ${emulator.httpUrl} (device page ${emulator.httpUrl}/device), Bedrock Runtime ${emulator.http2Url}

Try:
  1. Click "AWS: Sign In" in the status bar → "IAM Identity Center (SSO)". The emulator's device page
     opens in a new tab: click Approve, then pick an account (dev or prod) and the role BedrockUser.
     The status bar then shows  alice · dev · 59m.
  2. F1 → "Bedrock: Open Chat", pick a model, ask something; the reply streams.
  3. F1 → "AWS: Use Profile…" → demo-keys, demo-sso or demo-assume (from the demo HOME's ~/.aws/config).
  4. F1 → "AWS: Sign In with Access Keys…" and paste
       access key id      ${pasteKey.accessKeyId}
       secret access key  ${pasteKey.secretAccessKey}
  5. A Bedrock API key for the Bedrock API key method: ${apiKey.token}

These keys are issued by the local emulator and only work against it.${emulatorHost === '127.0.0.1' ? `
On this system the device link opens through code-server's proxy and loses its path: open
${emulator.httpUrl}/device yourself and approve the code shown in VS Code.` : ''}
Stop with Ctrl+C.
`);
	await new Promise(() => undefined);
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : String(error));
	process.exit(1);
});
