// "AWS: Diagnose Credentials": the engine inspects every credential source; the report,
// with a fix for each problem, goes to the output channel, the summary to a notification.
import * as vscode from 'vscode';
import { formatDiagnosis, summarizeDiagnosis } from '../diagnoseFormat';
import { type CommandDeps, registerCommand } from './commandDeps';

export function registerDiagnoseCommand(deps: CommandDeps): vscode.Disposable[] {
	return [registerCommand(deps, 'diagnose', () => diagnose(deps))];
}

async function diagnose(deps: CommandDeps): Promise<void> {
	const report = await vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: 'AWS: diagnosing credentials…' },
		async () => {
			const engine = await deps.getEngine();
			const report = await engine.diagnose();
			const terminals = await deps.terminalIdentity?.(engine);
			return terminals ? { findings: [...report.findings, terminals] } : report;
		},
	);
	const { state, display, errorMessage } = deps.signInManager.snapshot;
	const settings = deps.settings();
	const header = [
		`Sign-in state: ${state}${errorMessage ? ` (${errorMessage})` : ''}`,
		display ? `Signed in as: ${display.arn ?? display.name} via ${display.methodLabel}, region ${display.region}` : 'Signed in as: nobody',
		`Settings: region=${settings.region || '(empty)'}, profile=${settings.profile || '(empty)'}, sso.startUrl=${settings.ssoStartUrl || '(empty)'}, sso.region=${settings.ssoRegion || '(empty)'}`,
	];
	deps.logger.appendBlock(formatDiagnosis(report, header, new Date()));
	deps.logger.show();
	const summary = summarizeDiagnosis(report);
	const show = summary.errors > 0 ? vscode.window.showErrorMessage : summary.warnings > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
	void show(summary.text, 'Show Report').then((choice) => choice && deps.logger.show());
}
