// The emulator as a process component: admin routes over HTTP, the standalone CLI, prompt and
// repeatable stop with connections open, and surviving a request that makes a handler throw.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { remoteControl, startEmulator } from '../../emulator';
import { useEmulator } from './support';

const REPO_ROOT = path.resolve(__dirname, '../../..');

describe('emulator: admin routes', function () {
	const harness = useEmulator();

	it('runs control operations posted as positional arrays or named objects', async () => {
		const { httpUrl } = harness.emulator;
		const post = async (operation: string, body?: unknown) => {
			const response = await fetch(`${httpUrl}/__emulator/${operation}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
			return { status: response.status, body: (await response.json()) as unknown };
		};
		const created = await post('createAccessKey', { userName: 'remote', accountId: '444444444444' });
		assert.equal(created.status, 200);
		const key = created.body as { accessKeyId: string; secretAccessKey: string };
		const identity = await new STSClient({ credentials: key, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
		assert.equal(identity.Arn, 'arn:aws:iam::444444444444:user/remote');

		assert.equal((await post('throttle', { operation: 'sts:GetCallerIdentity', n: 1 })).status, 200);
		await assert.rejects(new STSClient({ credentials: key, maxAttempts: 1 }).send(new GetCallerIdentityCommand({})), { name: 'Throttling' });
		assert.equal((await post('failWith', ['sts:GetCallerIdentity', 500, 1])).status, 200);
		await assert.rejects(new STSClient({ credentials: key, maxAttempts: 1 }).send(new GetCallerIdentityCommand({})), { name: 'InternalFailure' });

		const counters = await fetch(`${httpUrl}/__emulator/counters`);
		assert.deepEqual(await counters.json(), { 'sts:GetCallerIdentity': 3 });
		assert.deepEqual(await post('approveDeviceCode'), { status: 400, body: { error: 'No device authorization is pending' } });
		assert.equal((await post('noSuchOperation')).status, 404);
	});

	it('offers the same methods through remoteControl()', async () => {
		const remote = remoteControl(harness.emulator.httpUrl);
		const keys = await remote.createTemporaryKeys({ ttlSeconds: 900 });
		assert.ok(keys.expiration instanceof Date);
		assert.ok(Math.abs(keys.expiration.getTime() - (Date.now() + 900_000)) < 10_000);
		await new STSClient({ credentials: keys, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
		assert.equal((await remote.lastRequest('sts:GetCallerIdentity'))?.accessKeyId, keys.accessKeyId);
		assert.ok((await remote.issuedSecrets()).includes(keys.sessionToken));
		await remote.expireAllCredentials();
		await assert.rejects(new STSClient({ credentials: keys, maxAttempts: 1 }).send(new GetCallerIdentityCommand({})), { name: 'ExpiredToken' });
		await assert.rejects(remote.approveDeviceCode('ABCD-EFGH'), /No pending device authorization has the user code ABCD-EFGH/);
	});
});

describe('emulator: lifecycle', function () {
	it('starts and stops ten times in a row, each time on fresh ports', async () => {
		const seen = new Set<string>();
		for (let i = 0; i < 10; i++) {
			const emulator = await startEmulator();
			seen.add(emulator.httpUrl);
			await emulator.stop();
			await emulator.stop(); // idempotent
		}
		assert.equal(seen.size, 10);
	});

	it('stops promptly with keep-alive HTTP/1.1 sockets and a slow HTTP/2 stream still open', async () => {
		const emulator = await startEmulator({ streamDelayMs: 200 });
		const key = emulator.control.createAccessKey();
		await new STSClient({ credentials: key, endpoint: emulator.httpUrl, region: 'us-east-1', maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
		const runtime = new BedrockRuntimeClient({ credentials: key, endpoint: emulator.http2Url, region: 'us-east-1', maxAttempts: 1 });
		const response = await runtime.send(
			new ConverseStreamCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }),
		);
		const reading = (async () => {
			for await (const _event of response.stream ?? []) {
				// keep reading until the server goes away
			}
		})().catch(() => undefined);
		const started = Date.now();
		await emulator.stop();
		assert.ok(Date.now() - started < 1000, `stop took ${Date.now() - started} ms`);
		await reading;
	});

	it('answers 500 when a handler throws, and keeps serving', async () => {
		const emulator = await startEmulator();
		try {
			// A malformed percent-escape in the model id makes decoding throw inside the route.
			const broken = await fetch(`${emulator.httpUrl}/model/%E0%A4%A/converse`, { method: 'POST', body: '{}' });
			assert.equal(broken.status, 500);
			assert.equal(broken.headers.get('x-amzn-errortype'), 'InternalServerException');
			const key = emulator.control.createAccessKey();
			const identity = await new STSClient({ credentials: key, endpoint: emulator.httpUrl, region: 'us-east-1', maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
			assert.equal(identity.Account, '111111111111');
		} finally {
			await emulator.stop();
		}
	});
});

describe('emulator: standalone CLI', function () {
	this.timeout(60_000);
	let child: ChildProcess | undefined;

	afterEach(() => {
		if (child && child.exitCode === null) {
			child.kill('SIGKILL');
		}
	});

	it('prints the endpoints and a working demo profile, then exits cleanly on SIGTERM', async () => {
		child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(REPO_ROOT, 'test/emulator/cli.ts'), '--quiet'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString('utf8');
		});
		while (!output.includes('Stop with Ctrl+C')) {
			if (child.exitCode !== null) {
				assert.fail(`the CLI exited early with ${child.exitCode}`);
			}
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		const httpUrl = /export AWS_ENDPOINT_URL=(\S+)/.exec(output)?.[1] ?? '';
		assert.match(output, /export AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http:\/\/127\.0\.0\.1:\d+/);
		assert.match(output, /\[profile emulator\]/);
		const accessKeyId = /aws_access_key_id = (\S+)/.exec(output)?.[1] ?? '';
		const secretAccessKey = /aws_secret_access_key = (\S+)/.exec(output)?.[1] ?? '';
		const identity = await new STSClient({ credentials: { accessKeyId, secretAccessKey }, endpoint: httpUrl, region: 'us-east-1', maxAttempts: 1 }).send(
			new GetCallerIdentityCommand({}),
		);
		assert.equal(identity.Arn, 'arn:aws:iam::111111111111:user/demo');
		const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
		child.kill('SIGTERM');
		assert.equal(await exited, 0);
	});
});
