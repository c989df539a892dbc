// Errors meet the user here: a BedrockConnectError shows its message and action with a
// button that helps; cancellation stays silent; anything else is "unexpected" plus the log.
import * as vscode from 'vscode';
import { isBedrockConnectError, isCancellation, type ErrorCode } from '../aws/errors';
import type { Logger } from '../aws/ports';
import { redactSecrets } from '../aws/redaction';

const SIGN_IN_AGAIN = 'Sign in again';
const DIAGNOSE = 'Diagnose';
const SHOW_LOG = 'Show Log';

const SIGN_IN_CODES: ReadonlySet<ErrorCode> = new Set([
	'SignInRequired',
	'SsoSignInExpired',
	'ConsoleSessionEnded',
	'DeviceCodeDenied',
	'DeviceCodeExpired',
	'AuthorizationDenied',
	'AuthorizationTimedOut',
	'PolicyRefused',
	'MfaRequired',
]);
const DIAGNOSE_CODES: ReadonlySet<ErrorCode> = new Set([
	'ProfileNotFound',
	'InvalidConfig',
	'AccessDenied',
	'CredentialProcessFailed',
	'Network',
	'CertificateUntrusted',
	'ServiceError',
	'Unknown',
]);

export interface ErrorPresenterDeps {
	logger: Logger;
	showLog: () => void;
	/** Also masks the values registered at run time (the logger's redactor); the known shapes are always masked. */
	redact?: (text: string) => string;
}

/** Shows `e` to the user (unless it is a cancellation) and logs it. Never throws. */
export function presentError(e: unknown, deps: ErrorPresenterDeps, context?: string): void {
	if (isCancellation(e)) {
		deps.logger.debug(`${context ?? 'operation'} cancelled`);
		return;
	}
	deps.logger.error(`${context ?? 'operation'} failed:`, e);
	let message: string;
	const buttons: string[] = [];
	if (isBedrockConnectError(e)) {
		message = e.action ? `${e.message} ${e.action}` : e.message;
		if (SIGN_IN_CODES.has(e.code)) {
			buttons.push(SIGN_IN_AGAIN);
		}
		if (DIAGNOSE_CODES.has(e.code)) {
			buttons.push(DIAGNOSE);
		}
	} else {
		message = `Unexpected error${context ? ` during ${context}` : ''}: ${e instanceof Error ? e.message : String(e)}`;
		buttons.push(SHOW_LOG);
	}
	const shown = redactSecrets(deps.redact ? deps.redact(message) : message);
	void vscode.window.showErrorMessage(shown, ...buttons).then((choice) => {
		if (choice === SIGN_IN_AGAIN) {
			// A console session is renewed by `aws login`, which the console command runs.
			const command = isBedrockConnectError(e) && e.code === 'ConsoleSessionEnded' ? 'bedrockConnect.signInWithConsole' : 'bedrockConnect.signIn';
			void vscode.commands.executeCommand(command);
		} else if (choice === DIAGNOSE) {
			void vscode.commands.executeCommand('bedrockConnect.diagnose');
		} else if (choice === SHOW_LOG) {
			deps.showLog();
		}
	});
}
