// Smoke of Bedrock as a language-model provider on the oldest VS Code we support (1.104, where
// the provider API became stable): another extension sees the default model as the sign-in
// model signed out, the same id first once signed in, and gets a streamed reply from a Bedrock model.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../emulator';
import { eventually, quickInput, runCommand, startWorkbench, statusBarItem, waitForText, type Workbench } from '../harness';
import { packageLmConsumer, runLmConsumer } from '../lmConsumer';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';

describe('oldest VS Code: the Bedrock language-model provider', function () {
	let emulator: Emulator;
	let wb: Workbench;
	let tmp: string;
	let resultFile: string;

	before(async function () {
		tmp = mkdtempSync(path.join(os.tmpdir(), 'bedrock-connect-lm-oldest-'));
		resultFile = path.join(tmp, 'result.json');
		emulator = await startEmulator();
		const base = emulator.control.createAccessKey({ userName: 'lm-oldest' });
		wb = await startWorkbench({
			label: 'native-chat-oldest',
			extraVsix: [packageLmConsumer(tmp)],
			env: { ...emulator.env, AWS_REGION: 'us-east-1', LM_CONSUMER_OUT: resultFile, LM_CONSUMER_MODEL: HAIKU },
			settings: { 'bedrockConnect.region': 'us-east-1' },
			homeFiles: {
				'.aws/config': '[profile lm]\nrole_arn = arn:aws:iam::111111111111:role/BedrockChat\nsource_profile = base\nregion = us-east-1\n',
				'.aws/credentials': `[base]\naws_access_key_id = ${base.accessKeyId}\naws_secret_access_key = ${base.secretAccessKey}\n`,
			},
		});
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
		if (tmp) rmSync(tmp, { recursive: true, force: true });
	});

	it('signed out offers the default as the sign-in model (NoPermissions); signed in the same id first, and a streamed reply', async function () {
		const signedOut = await runLmConsumer(wb.page, resultFile);
		assert.deepEqual(signedOut.models?.map((m) => [m.id, m.family]), [['bedrock-default', 'bedrock-sign-in']], JSON.stringify(signedOut));
		assert.match(signedOut.text?.error?.code ?? '', /NoPermissions/);

		await runCommand(wb.page, 'AWS: Use Profile…');
		await quickInput.pick(wb.page, /lm/);
		await waitForText(statusBarItem(wb.page), /111111111111/);
		const signedIn = await eventually(async () => {
			const r = await runLmConsumer(wb.page, resultFile);
			return r.models?.some((m) => m.id === HAIKU) ? r : undefined;
		}, 'the Bedrock models after sign-in');
		assert.equal(signedIn.models?.[0]?.id, 'bedrock-default');
		assert.notEqual(signedIn.models?.[0]?.family, 'bedrock-sign-in');
		assert.ok((signedIn.text?.text ?? '').length > 0, JSON.stringify(signedIn.text));
		assert.equal(signedIn.tool?.first?.calls[0]?.name, 'get_weather', JSON.stringify(signedIn.tool));
	});
});
