// The MFA code prompt the engine is given: a password box that checks the 6 digits.
import '../../support/vscodeStubModule';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { askMfaCode } from '../../../src/vscode/prompts';

describe('prompts: the MFA code', () => {
	const window = vscode.window as unknown as { showInputBox: (options: vscode.InputBoxOptions) => Promise<string | undefined> };
	const original = window.showInputBox;
	afterEach(() => {
		window.showInputBox = original;
	});

	it('is asked in a password box, names the device and validates the code', async () => {
		let shown: vscode.InputBoxOptions | undefined;
		window.showInputBox = async (options) => {
			shown = options;
			return ' 123456 ';
		};
		assert.equal(await askMfaCode('arn:aws:iam::123456789012:mfa/alice'), '123456');
		assert.equal(shown?.password, true);
		assert.match(shown?.prompt ?? '', /arn:aws:iam::123456789012:mfa\/alice/);
		assert.equal(shown?.validateInput?.('12345'), 'The code is the 6 digits your MFA device shows now.');
		assert.equal(shown?.validateInput?.('654321'), undefined);
	});
});
