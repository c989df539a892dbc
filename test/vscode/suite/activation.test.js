// In a real VS Code: the extension activates and every command of the contract is registered.
/* global describe, it */
const assert = require('node:assert/strict');
const vscode = require('vscode');

const extensionId = 'bedrock-connect.bedrock-connect';
// From /work/shared/design/contract.md ("Commands"): users' keybindings depend on these ids.
const contractCommands = [
	'signIn', 'signInWithSso', 'useProfile', 'useEnvironment', 'signInWithAccessKeys', 'assumeRole',
	'switchAccountRole', 'selectRegion', 'refresh', 'showIdentity', 'diagnose', 'signOut',
	'openChat', 'newChat', 'selectModel',
].map((name) => `bedrockConnect.${name}`);

describe('Bedrock Connect in VS Code', function () {
	it('activates without throwing', async function () {
		const extension = vscode.extensions.getExtension(extensionId);
		assert.ok(extension, `${extensionId} is not installed in the test instance`);
		await extension.activate();
		assert.equal(extension.isActive, true);
	});

	it('registers every command of the contract', async function () {
		const registered = new Set(await vscode.commands.getCommands(true));
		const missing = contractCommands.filter((id) => !registered.has(id));
		assert.deepEqual(missing, []);
	});

	it('contributes every contract command to the Command Palette', function () {
		const contributed = vscode.extensions.getExtension(extensionId).packageJSON.contributes.commands.map((c) => c.command);
		assert.deepEqual(contractCommands.filter((id) => !contributed.includes(id)), []);
	});
});
