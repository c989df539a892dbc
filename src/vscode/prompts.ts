// Input boxes and quick picks that end a flow the same way everywhere: Escape throws a
// Cancelled error (silent at the edge) instead of leaking `undefined` through each step.
import * as vscode from 'vscode';
import { BedrockConnectError } from '../aws/errors';
import { validateMfaCode, type Validator } from './validators';

export function cancelled(): BedrockConnectError {
	return new BedrockConnectError('Cancelled', 'Cancelled.');
}

export interface AskOptions {
	title: string;
	prompt: string;
	placeHolder?: string;
	value?: string;
	password?: boolean;
	validate?: Validator;
	/** Step n of m, shown in the title bar. */
	step?: [number, number];
}

/** Asks for one value; the value comes back trimmed. */
export async function ask(options: AskOptions): Promise<string> {
	const title = options.step ? `${options.title} (${options.step[0]}/${options.step[1]})` : options.title;
	const value = await vscode.window.showInputBox({
		title,
		prompt: options.prompt,
		placeHolder: options.placeHolder,
		value: options.value,
		password: options.password,
		// Switching windows to copy a key from elsewhere must not lose the flow.
		ignoreFocusOut: true,
		validateInput: options.validate,
	});
	if (value === undefined) {
		throw cancelled();
	}
	return value.trim();
}

export async function pick<T extends vscode.QuickPickItem>(
	items: T[] | Thenable<T[]>,
	options: vscode.QuickPickOptions & { title: string },
): Promise<T> {
	const choice = await vscode.window.showQuickPick(items, { ignoreFocusOut: true, matchOnDescription: true, ...options });
	if (!choice) {
		throw cancelled();
	}
	return choice;
}

/**
 * The code of an MFA device, in a password box: a code read off the screen still works for a while.
 * Asked again after AWS refused one, the box says why first.
 */
export function askMfaCode(mfaSerial: string, retry?: { reason: string }): Promise<string> {
	const prompt = `Code from your MFA device ${mfaSerial}`;
	return ask({ title: 'MFA code', prompt: retry ? `${retry.reason} ${prompt}` : prompt, password: true, validate: validateMfaCode });
}
