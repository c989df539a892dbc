// The activation bundle stays small: a production build (made in a temporary directory, as
// bench/run.mjs does, so dist/ is left alone) must keep the chat host out of dist/extension.js
// and ship it as dist/chat.js. Read from the esbuild metafile, like bench's SDK check.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const realRoot = realpathSync(root);

interface Meta {
	outputs: Record<string, { inputs?: Record<string, unknown> }>;
}

describe('production bundles', function () {
	this.timeout(120_000);
	let dir: string;
	let meta: Meta;

	const inputsOf = (bundle: string): string[] => {
		const output = Object.entries(meta.outputs).find(([file]) => path.basename(file) === bundle);
		assert.ok(output, `${bundle} missing from dist/meta.json`);
		// esbuild names inputs relative to its cwd (the temporary directory); the symlinks resolve to root.
		return Object.keys(output[1].inputs ?? {}).map((input) => path.relative(realRoot, path.resolve(dir, input)).split(path.sep).join('/'));
	};

	before(function () {
		dir = mkdtempSync(path.join(os.tmpdir(), 'bedrock-connect-bundles-'));
		for (const entry of ['src', 'media', 'node_modules', 'package.json', 'tsconfig.json']) {
			if (existsSync(path.join(root, entry))) symlinkSync(path.join(root, entry), path.join(dir, entry));
		}
		copyFileSync(path.join(root, 'esbuild.mjs'), path.join(dir, 'esbuild.mjs'));
		const result = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: dir, encoding: 'utf8' });
		assert.equal(result.status, 0, result.stderr || result.stdout);
		meta = JSON.parse(readFileSync(path.join(dir, 'dist', 'meta.json'), 'utf8')) as Meta;
	});

	after(function () {
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	it('keeps the chat host out of dist/extension.js', function () {
		const inputs = inputsOf('extension.js');
		const chatHost = [
			'src/vscode/chat/chatPanel.ts',
			'src/vscode/chat/panelTurns.ts',
			'src/vscode/chat/historyStore.ts',
			'src/vscode/chat/modelList.ts',
			'src/vscode/chat/webviewOutbox.ts',
			'src/shared/protocol.ts',
		];
		assert.deepEqual(inputs.filter((input) => chatHost.includes(input)), []);
		assert.ok(inputs.includes('src/vscode/chat/registerChat.ts'), 'registerChat stays in the activation bundle');
		assert.deepEqual(inputs.filter((input) => /node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//.test(input)), [], 'no AWS SDK in the activation bundle');
	});

	it('ships the chat host as dist/chat.js', function () {
		assert.ok(existsSync(path.join(dir, 'dist', 'chat.js')), 'dist/chat.js exists');
		const inputs = inputsOf('chat.js');
		for (const module of ['src/vscode/chat/chatPanel.ts', 'src/vscode/chat/panelTurns.ts', 'src/vscode/chat/historyStore.ts', 'src/shared/protocol.ts']) {
			assert.ok(inputs.includes(module), `${module} in dist/chat.js`);
		}
		assert.deepEqual(inputs.filter((input) => /node_modules\/(@aws-sdk|@smithy)\//.test(input)), [], 'the SDK stays in dist/engine.js');
	});

	it('keeps the terminal credential endpoint in dist/engine.js, out of dist/extension.js', function () {
		const activation = inputsOf('extension.js');
		assert.deepEqual(activation.filter((input) => input.startsWith('src/aws/terminal/')), []);
		assert.ok(activation.includes('src/vscode/terminal/terminalCredentials.ts'), 'the collection controller is wired at activation');
		const engine = inputsOf('engine.js');
		assert.ok(engine.includes('src/aws/terminal/credentialEndpoint.ts'), 'the endpoint ships in the engine');
	});

	it('keeps the Chat view provider and @bedrock out of dist/extension.js, registering them there', function () {
		const inputs = inputsOf('extension.js');
		assert.ok(inputs.includes('src/vscode/nativeChat/registerNativeChat.ts'), 'registration stays in the activation bundle');
		const work = ['src/vscode/nativeChat/bedrockChatProvider.ts', 'src/vscode/nativeChat/bedrockParticipant.ts', 'src/vscode/nativeChat/modelInformation.ts', 'src/vscode/chat/chatTurn.ts'];
		assert.deepEqual(inputs.filter((input) => work.includes(input)), []);
		const native = inputsOf('nativeChat.js');
		for (const module of work) assert.ok(native.includes(module), `${module} in dist/nativeChat.js`);
		assert.deepEqual(native.filter((input) => /node_modules\/(@aws-sdk|@smithy)\//.test(input)), [], 'the SDK stays in dist/engine.js');
	});
});
