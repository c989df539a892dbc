// What every command family needs, and the one wrapper that turns a thrown error into
// a message at the edge (cancellation stays silent).
import * as vscode from 'vscode';
import type { DiagnosisFinding, Engine } from '../../aws/engineTypes';
import { presentError } from '../errorPresenter';
import type { ExtensionLogger } from '../log';
import type { SignInManager } from '../signInManager';
import type { SignInSettings } from '../settings';

export interface CommandDeps {
	signInManager: SignInManager;
	getEngine(): Promise<Engine>;
	logger: ExtensionLogger;
	settings(): SignInSettings;
	/** Diagnose's line on which identity a new terminal's processes use (set once terminal sharing is wired). */
	terminalIdentity?: (engine: Engine) => Promise<DiagnosisFinding>;
}

export function reportError(deps: CommandDeps, e: unknown, context: string): void {
	presentError(e, { logger: deps.logger, showLog: () => deps.logger.show(), redact: (t) => deps.logger.redactor.redact(t) }, context);
}

/** Registers `bedrockConnect.<name>`; errors are shown, never rethrown into VS Code. */
export function registerCommand(deps: CommandDeps, name: string, run: (...args: unknown[]) => Promise<unknown>): vscode.Disposable {
	return vscode.commands.registerCommand(`bedrockConnect.${name}`, async (...args: unknown[]) => {
		try {
			return await run(...args);
		} catch (e) {
			reportError(deps, e, name);
			return undefined;
		}
	});
}
