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

	it('asked again after AWS refused a code, says why before naming the device', async () => {
		let shown: vscode.InputBoxOptions | undefined;
		window.showInputBox = async (options) => {
			shown = options;
			return '654321';
		};
		await askMfaCode('arn:aws:iam::123456789012:mfa/alice', { reason: 'AWS did not accept that code.' });
		assert.match(shown?.prompt ?? '', /^AWS did not accept that code\. Code from your MFA device arn:aws:iam::123456789012:mfa\/alice$/);
	});

	it('Escape cancels (the sign-in then fails as cancelled, leaving the previous one)', async () => {
		window.showInputBox = async () => undefined;
		await assert.rejects(askMfaCode('arn:aws:iam::123456789012:mfa/alice'), (e: unknown) => (e as { code?: string }).code === 'Cancelled');
	});
});
