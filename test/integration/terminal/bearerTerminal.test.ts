// A Bedrock API-key sign-in's terminal path, below VS Code: the environment a new terminal gets from
// TerminalCredentials (a recording collection stands in for VS Code's) is handed to a child Node
// process, whose real BedrockRuntimeClient reads AWS_BEARER_TOKEN_BEDROCK by itself and asks the
// emulator, which accepts only keys it issued, as `Authorization: Bearer`. After sign-out new
// terminals no longer carry the key.
import '../../support/vscodeStubModule';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { Connection } from '../../../src/aws/engineTypes';
import { RecordingLogger } from '../../support/recordingLogger';
import { cliEnvironment } from '../../support/awsCli';
import { TerminalCredentials } from '../../../src/vscode/terminal/terminalCredentials';
import { useEngineWorld } from '../engine/harness';

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const REPO = path.resolve(__dirname, '../../..');

/** What `node` prints in the terminal: the reply's text, or the SDK error's name. */
const CHILD_SCRIPT = `
const { BedrockRuntimeClient, ConverseCommand } = require('@aws-sdk/client-bedrock-runtime');
const client = new BedrockRuntimeClient({});
client.send(new ConverseCommand({ modelId: ${JSON.stringify(MODEL)}, messages: [{ role: 'user', content: [{ text: 'Hello from a terminal' }] }] }))
	.then((r) => console.log(JSON.stringify({ text: r.output.message.content[0].text })))
	.catch((e) => console.log(JSON.stringify({ error: e.name, message: e.message })))
	.finally(() => client.destroy());
`;

function runInTerminal(env: NodeJS.ProcessEnv): Promise<{ text?: string; error?: string; message?: string }> {
	return new Promise((resolve, reject) => {
		execFile(process.execPath, ['-e', CHILD_SCRIPT], { cwd: REPO, env, timeout: 60_000 }, (error, stdout, stderr) => {
			if (error) reject(new Error(`${error.message}\n${stderr}`));
			else resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}'));
		});
	});
}

describe('terminals after a Bedrock API-key sign-in: a child process\'s own SDK against the emulator', function () {
	this.timeout(120_000);
	const world = useEngineWorld();
	let connection: Connection | undefined;
	let terminal: TerminalCredentials;
	let changed: () => void = () => undefined;
	const collection = new Map<string, string>();
	const logger = new RecordingLogger();

	/** A new terminal's environment: a clean shell's (no keys, no profile, no real ~/.aws; its own region), the route to the emulator, then the collection. */
	const newTerminalEnv = (): NodeJS.ProcessEnv =>
		cliEnvironment({ AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL_BEDROCK_RUNTIME: world.emulator.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ?? '', ...Object.fromEntries(collection) });

	beforeEach(async () => {
		const { token } = world.emulator.control.createBedrockApiKey();
		const made = world.newEngine();
		await made.engine.saveBedrockApiKey(token);
		connection = made.engine.openConnection({ method: 'bedrockApiKey' }, 'us-east-1');
		collection.clear();
		terminal = new TerminalCredentials({
			collection: { replace: (name: string, value: string) => collection.set(name, value), clear: () => collection.clear(), persistent: true, description: '' } as never,
			signIn: { getConnection: async () => connection, onDidChangeConnection: (listener: () => void) => ((changed = listener), { dispose: () => undefined }) },
			shareEnabled: () => true,
			startEndpoint: () => Promise.reject(new Error('an API-key sign-in needs no credential endpoint')),
			logger,
		});
		await terminal.update();
		engine = made.engine;
	});
	let engine: ReturnType<typeof world.newEngine>['engine'];

	afterEach(() => {
		terminal.dispose();
		connection?.dispose();
		assert.deepEqual(logger.leaked(world.emulator.control.issuedSecrets()), [], 'no key in the log');
	});

	it('a process in a new terminal gets a reply with the key, sent as a bearer token (no SigV4)', async () => {
		assert.deepEqual([...collection.keys()], ['AWS_BEARER_TOKEN_BEDROCK', 'AWS_REGION', 'AWS_DEFAULT_REGION']);
		assert.equal(newTerminalEnv().AWS_REGION, 'us-east-1', 'the sign-in\'s region wins over the shell\'s');
		world.emulator.control.setNextReplies(['Hello, terminal.']);
		const printed = await runInTerminal(newTerminalEnv());
		assert.deepEqual(printed, { text: 'Hello, terminal.' });
		const seen = world.emulator.control.lastRequest('bedrock:Converse');
		assert.equal(seen?.auth, 'bearer');
	});

	it('the emulator refuses a key it did not issue, as Bedrock does', async () => {
		const env = { ...newTerminalEnv(), AWS_BEARER_TOKEN_BEDROCK: 'bedrock-api-key-not-issued-by-anyone' };
		const printed = await runInTerminal(env);
		assert.equal(printed.error, 'UnrecognizedClientException');
		assert.match(printed.message ?? '', /API Key is valid/);
	});

	it('after sign-out new terminals no longer carry the key: the SDK there finds no credentials; an older terminal keeps the key until relaunched', async () => {
		const older = newTerminalEnv();
		await engine.deleteBedrockApiKey();
		connection?.dispose();
		connection = undefined;
		changed();
		await terminal.update();
		assert.equal(collection.size, 0, 'the collection is cleared');
		const fresh = newTerminalEnv();
		assert.equal(fresh.AWS_BEARER_TOKEN_BEDROCK, undefined);
		world.emulator.control.resetCounters();
		const printed = await runInTerminal(fresh);
		assert.equal(printed.error, 'CredentialsProviderError', printed.message);
		assert.equal(world.emulator.control.counters()['bedrock:Converse'] ?? 0, 0, 'nothing reached Bedrock');
		// The key is the user's and stays valid at Bedrock: sign-out cannot take it back from a terminal already open.
		world.emulator.control.setNextReplies(['Still here.']);
		assert.deepEqual(await runInTerminal(older), { text: 'Still here.' });
	});
});
