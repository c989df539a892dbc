import * as assert from 'node:assert/strict';
import { callerExtensionId, currentStack, stackFiles } from '../../../../src/vscode/api/callerExtension';

const SELF = 'bedrock-connect.bedrock-connect';
const EXTENSIONS = [
	{ id: SELF, extensionPath: '/home/u/.vscode/extensions/bedrock-connect.bedrock-connect-1.0.0' },
	{ id: 'acme.deployer', extensionPath: '/home/u/.vscode/extensions/acme.deployer-2.1.0' },
	{ id: 'acme.deployer-pro', extensionPath: '/home/u/.vscode/extensions/acme.deployer-2.1.0-pro' },
	{ id: 'win.tool', extensionPath: 'C:\\Users\\u\\.vscode\\extensions\\win.tool-1.0.0' },
];

describe('caller extension (from the call stack)', () => {
	it('skips our own frames and names the first other extension', () => {
		const stack = [
			'Error: caller',
			'    at currentStack (/home/u/.vscode/extensions/bedrock-connect.bedrock-connect-1.0.0/dist/extension.js:1:100)',
			'    at Object.getCredentials (/home/u/.vscode/extensions/bedrock-connect.bedrock-connect-1.0.0/dist/extension.js:1:200)',
			'    at deploy (/home/u/.vscode/extensions/acme.deployer-2.1.0/out/deploy.js:10:5)',
			'    at /opt/vscode/out/vs/workbench/api/node/extensionHostProcess.js:1:1',
		].join('\n');
		assert.equal(callerExtensionId(stack, EXTENSIONS, SELF), 'acme.deployer');
	});

	it('does not mistake a folder for another whose name it begins', () => {
		const stack = 'Error\n    at run (/home/u/.vscode/extensions/acme.deployer-2.1.0-pro/main.js:3:4)';
		assert.equal(callerExtensionId(stack, EXTENSIONS, SELF), 'acme.deployer-pro');
	});

	it('reads file URLs and Windows paths', () => {
		assert.equal(callerExtensionId('Error\n    at file:///home/u/.vscode/extensions/acme.deployer-2.1.0/m.mjs:1:1', EXTENSIONS, SELF), 'acme.deployer');
		assert.equal(callerExtensionId('Error\n    at go (C:\\Users\\u\\.vscode\\extensions\\win.tool-1.0.0\\dist\\a.js:5:6)', EXTENSIONS, SELF), 'win.tool');
	});

	it('names nobody when no other extension is on the stack (eval, our own code, VS Code)', () => {
		assert.equal(callerExtensionId('Error\n    at eval (eval at <anonymous>, <anonymous>:1:1)\n    at /opt/vscode/out/main.js:1:1', EXTENSIONS, SELF), undefined);
		assert.equal(callerExtensionId('Error\n    at x (/home/u/.vscode/extensions/bedrock-connect.bedrock-connect-1.0.0/dist/extension.js:1:1)', EXTENSIONS, SELF), undefined);
	});

	it('the live stack is deep and has real file frames', () => {
		const files = stackFiles(currentStack());
		assert.ok(files.some((f) => f.endsWith('callerExtension.test.ts')), files.join('\n'));
	});
});
