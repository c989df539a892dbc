// Terminals and tasks use the editor's sign-in: a task runs the real AWS CLI v2 (/usr/bin/aws)
// in code-server's terminal, and its output shows the identity the editor signed in as, through
// the credential endpoint. After sign-out a new task gets no credentials, and a terminal started
// before sign-out (its environment, captured by the task) gets the endpoint's clear error.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../emulator';
import { cliEnvironment, requireAwsCli, runAwsCli } from '../support/awsCli';
import { eventually, notifications, readAllLogs, readOutputChannel, reloadWorkbench, runCommand, screenshot, startWorkbench, statusBarItem, waitForText, type Workbench } from './harness';
import { findSecretsOnDisk, signInWithKeys } from './signin-helpers';
import { IDENTITY_TASKS_JSON, runIdentityTask, STALE_KEY_ID } from './terminal-helpers';

describe('terminal credentials: a task runs the AWS CLI as the editor\'s identity', function () {
	let emulator: Emulator;
	let wb: Workbench;

	before(async function () {
		requireAwsCli();
		emulator = await startEmulator();
		wb = await startWorkbench({
			label: 'terminal-credentials',
			// Keys in the editor's own environment would win over the endpoint in every terminal: we empty them there.
			env: { ...emulator.env, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: STALE_KEY_ID, AWS_SECRET_ACCESS_KEY: 'stale/secret/key/of/the/login/shell/0000000' },
			workspaceFiles: { '.vscode/tasks.json': IDENTITY_TASKS_JSON },
		});
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
	});

	const file = (name: string) => join(wb.server.workspaceDir, name);
	const runTask = () => runIdentityTask(wb);

	it('a task started after sign-in prints the signed-in identity', async function () {
		const key = emulator.control.createAccessKey({ userName: 'bob', accountId: '333333333333' });
		await signInWithKeys(wb.page, key);
		await waitForText(statusBarItem(wb.page), 'bob · 333333333333');
		const output = await runTask();
		assert.equal(JSON.parse(output).Arn, 'arn:aws:iam::333333333333:user/bob', output);
		const env = readFileSync(file('container.env'), 'utf8');
		assert.match(env, /^AWS_CONTAINER_CREDENTIALS_FULL_URI=http:\/\/127\.0\.0\.1:\d+\/credentials$/m);
		assert.match(env, /^AWS_CONTAINER_AUTHORIZATION_TOKEN=[0-9a-f]{64}$/m);
		assert.match(env, /^AWS_REGION=us-east-1$/m);
		assert.match(env, /^AWS_ACCESS_KEY_ID=$/m, 'the inherited key variable is emptied');
		// Diagnose says which identity a new terminal uses, and why.
		await runCommand(wb.page, 'AWS: Diagnose Credentials');
		await eventually(
			() => /Terminals and tasks: New terminals and tasks sign as arn:aws:iam::333333333333:user\/bob through the editor's credential endpoint/.test(readOutputChannel(wb.server, 'Bedrock Connect')),
			'the Diagnose line on terminals',
		);
		await screenshot(wb.page, 'terminal-credentials-signed-in');
	});

	it('after sign-out: a new task has no credentials, an older terminal gets the clear error', async function () {
		const before = Object.fromEntries(
			readFileSync(file('container.env'), 'utf8')
				.trim()
				.split('\n')
				.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
		) as Record<string, string>;
		await runCommand(wb.page, 'AWS: Sign Out');
		await notifications.waitFor(wb.page, /Signed out of AWS/);
		const output = await runTask();
		// Now the inherited (stale) key variables apply again, as they would without the extension.
		assert.doesNotMatch(output, /user\/bob/, output);
		assert.match(output, /InvalidClientTokenId|security token included in the request is invalid/i, output);
		assert.match(readFileSync(file('container.env'), 'utf8'), new RegExp(`^AWS_ACCESS_KEY_ID=${STALE_KEY_ID}$`, 'm'));
		assert.equal(readFileSync(file('container.env'), 'utf8').includes('AWS_CONTAINER_AUTHORIZATION_TOKEN'), false, 'new terminals get no endpoint');
		// A terminal opened while signed in keeps its environment: the endpoint answers it with the reason.
		const old = await runAwsCli(['sts', 'get-caller-identity', '--endpoint-url', emulator.httpUrl], cliEnvironment(before));
		assert.notEqual(old.code, 0);
		assert.match(old.stderr, /\(401\).*The editor is not signed in to AWS\. Run the command AWS: Sign In… in the editor/);
	});

	it('leaves no issued secret in settings, storage or logs; the log counts the endpoint\'s requests', async function () {
		assert.deepEqual(findSecretsOnDisk(wb.server, emulator.control.issuedSecrets()), []);
		const logs = readAllLogs(wb.server);
		for (const secret of emulator.control.issuedSecrets()) assert.equal(logs.includes(secret), false);
		await eventually(() => /\[terminal\] credential endpoint listening on 127\.0\.0\.1:\d+/.test(readAllLogs(wb.server)), 'the endpoint in the log');
	});

	it('the window\'s endpoint token is not written to disk, even when VS Code saves its terminals on a reload', async function () {
		await signInWithKeys(wb.page, emulator.control.createAccessKey({ userName: 'fred', accountId: '888888888888' }));
		await waitForText(statusBarItem(wb.page), 'fred · 888888888888');
		assert.equal(JSON.parse(await runTask()).Arn, 'arn:aws:iam::888888888888:user/fred');
		const token = /^AWS_CONTAINER_AUTHORIZATION_TOKEN=([0-9a-f]{64})$/m.exec(readFileSync(file('container.env'), 'utf8'))?.[1];
		assert.ok(token);
		rmSync(file('container.env'));
		await reloadWorkbench(wb.page);
		assert.deepEqual(findSecretsOnDisk(wb.server, [token]), []);
	});
});
