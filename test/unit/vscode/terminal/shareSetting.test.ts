// bedrockConnect.terminal.shareCredentials comes from user settings only: a repository (whose
// tasks would run with the credentials) can neither turn it on nor have its value read.
import '../../../support/vscodeStubModule';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readShareCredentials } from '../../../../src/vscode/settings';

describe('setting terminal.shareCredentials', () => {
	const workspace = vscode.workspace as unknown as { getConfiguration: (section: string) => vscode.WorkspaceConfiguration };
	const original = workspace.getConfiguration;
	let layers: { defaultValue?: boolean; globalValue?: boolean; workspaceValue?: boolean };
	beforeEach(() => {
		workspace.getConfiguration = () => ({ inspect: () => ({ key: 'bedrockConnect.terminal.shareCredentials', ...layers }) }) as unknown as vscode.WorkspaceConfiguration;
	});
	afterEach(() => {
		workspace.getConfiguration = original;
	});

	it('is on by default, off when the user turns it off', () => {
		layers = { defaultValue: true };
		assert.equal(readShareCredentials(), true);
		layers = { defaultValue: true, globalValue: false };
		assert.equal(readShareCredentials(), false);
	});

	it('ignores a workspace value', () => {
		layers = { defaultValue: true, globalValue: false, workspaceValue: true };
		assert.equal(readShareCredentials(), false);
	});

	it('is contributed machine-scoped, default true, and the command to manage access is contributed', () => {
		const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as {
			types: string;
			contributes: { configuration: { properties: Record<string, { default: unknown; scope?: string }> }; commands: Array<{ command: string; title: string; category: string }> };
		};
		const setting = manifest.contributes.configuration.properties['bedrockConnect.terminal.shareCredentials'];
		assert.equal(setting?.default, true);
		assert.equal(setting?.scope, 'machine');
		assert.ok(manifest.contributes.commands.some((c) => c.command === 'bedrockConnect.manageCredentialAccess' && c.category === 'AWS' && c.title === 'Manage Extension Access to Credentials…'));
		assert.equal(manifest.types, './api/bedrock-connect.d.ts');
		const ignore = readFileSync(path.join(__dirname, '..', '..', '..', '..', '.vscodeignore'), 'utf8');
		assert.match(ignore, /^!api\/bedrock-connect\.d\.ts$/m, 'the API types ship in the vsix');
	});
});
