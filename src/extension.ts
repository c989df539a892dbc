// Activation: builds the services in dependency order and registers them. No logic, no
// engine load and no network here: the status bar renders from cached non-secret state,
// and the sign-in is confirmed right after activation returns.
import * as vscode from 'vscode';
import type { Engine } from './aws/engineTypes';
import { AwsAuthenticationProvider } from './vscode/authProvider';
import { registerAccountCommands } from './vscode/commands/account';
import type { CommandDeps } from './vscode/commands/commandDeps';
import { reportError } from './vscode/commands/commandDeps';
import { registerDiagnoseCommand } from './vscode/commands/diagnose';
import { registerIdentityCommands } from './vscode/commands/identity';
import { registerSignInCommands } from './vscode/commands/signIn';
import { registerChat } from './vscode/chat/registerChat';
import { registerNativeChat } from './vscode/nativeChat/registerNativeChat';
import { loadEngineModule } from './vscode/engineLoader';
import { ExtensionLogger } from './vscode/log';
import { askMfaCode } from './vscode/prompts';
import { VscodeSecretStore } from './vscode/secretStore';
import { IntervalExpiryClock } from './vscode/signIn/expiryClock';
import { SignInManager } from './vscode/signInManager';
import { ConsoleSessionFollower } from './vscode/signIn/consoleSessionFollower';
import { registerDeviceCodeCommand } from './vscode/ssoSignIn';
import { HTTP_SETTING_KEYS, readHttpSettings, readMfaSessionDurationHours, readSettings, readShareCredentials, readShareTokenWithCli } from './vscode/settings';
import { TerminalCredentials } from './vscode/terminal/terminalCredentials';
import type { BedrockConnectApi } from '../api/bedrock-connect';
import { callerExtensionId, currentStack } from './vscode/api/callerExtension';
import { CredentialAccess } from './vscode/api/credentialAccess';
import { createExportedApi } from './vscode/api/exportedApi';
import { askCredentialAccess, registerCredentialAccessCommand } from './vscode/commands/credentialAccess';
import { IdentityStatusBar } from './vscode/statusBar';

export function activate(context: vscode.ExtensionContext): BedrockConnectApi {
	const started = performance.now();
	const logger = new ExtensionLogger();
	const secrets = new VscodeSecretStore(context.secrets, logger.redactor);

	let engine: Promise<Engine> | undefined;
	const getEngine = (): Promise<Engine> => {
		engine ??= loadEngineModule()
			.then((module) =>
				module.createEngine({
					secrets,
					logger: logger.child('engine'),
					httpSettings: readHttpSettings(),
					promptMfaCode: askMfaCode,
					mfaSessionDurationHours: readMfaSessionDurationHours,
					shareSsoTokenWithCli: readShareTokenWithCli,
				}),
			)
			.catch((e: unknown) => {
				engine = undefined; // let the next use try again
				throw e;
			});
		return engine;
	};

	// One clock for the expiry state, its warnings and the status-bar countdown.
	const clock = new IntervalExpiryClock();
	// (The log prefix stays 'session': log lines are user-visible text.)
	const signInManager = new SignInManager({ globalState: context.globalState, secrets, logger: logger.child('session'), getEngine, settings: readSettings, clock });
	signInManager.loadCache();
	const deps: CommandDeps = { signInManager, getEngine, logger, settings: readSettings };

	context.subscriptions.push(
		logger,
		secrets,
		clock,
		signInManager,
		new IdentityStatusBar(signInManager, clock, () => readSettings().expiryWarningMinutes),
		new AwsAuthenticationProvider(signInManager, () => vscode.commands.executeCommand('bedrockConnect.signOut')),
		// A console profile's new `aws login` (in any terminal) is adopted by itself.
		new ConsoleSessionFollower(signInManager, getEngine, logger.child('session')),
		...registerSignInCommands(deps),
		...registerAccountCommands(deps),
		...registerIdentityCommands(deps),
		...registerDiagnoseCommand(deps),
		registerDeviceCodeCommand(),
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (HTTP_SETTING_KEYS.some((key) => e.affectsConfiguration(key))) {
				// Only an engine already loaded needs telling: a later one reads the settings when it is made.
				void engine?.then((loaded) => loaded.setHttpSettings?.(readHttpSettings()), () => undefined);
			}
			if (e.affectsConfiguration('bedrockConnect.region')) {
				signInManager.reopen().catch((err) => reportError(deps, err, 'changing the region'));
			} else if (e.affectsConfiguration('bedrockConnect.allowedRoles') || e.affectsConfiguration('bedrockConnect.allowedAccounts')) {
				signInManager.recheckPolicy().catch((err) => reportError(deps, err, 'applying the allowed roles and accounts'));
			}
		}),
		{ dispose: () => void engine?.then((e) => e.dispose(), () => undefined) },
	);

	// Terminals and tasks: the sign-in through a loopback credential endpoint (engine bundle, started on first need).
	const terminalCredentials = new TerminalCredentials({
		collection: context.environmentVariableCollection,
		signIn: signInManager,
		shareEnabled: readShareCredentials,
		startEndpoint: async (options) => (await loadEngineModule()).startTerminalEndpoint(options),
		logger: logger.child('terminal'),
	});
	deps.terminalIdentity = (loaded) => terminalCredentials.explain(loaded);
	context.subscriptions.push(
		terminalCredentials,
		vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('bedrockConnect.terminal.shareCredentials') && void terminalCredentials.update()),
	);

	registerChat(context, { signIn: signInManager, loadEngine: loadEngineModule, logger: logger.child('chat') }, () => logger.show());
	registerNativeChat(context, { signIn: signInManager, loadEngine: loadEngineModule, logger: logger.child('chat view') });

	logger.info(`activated in ${(performance.now() - started).toFixed(1)} ms (VS Code ${vscode.version}, Node ${process.versions.node})`);
	// Confirm the cached sign-in after activation has returned: loads the engine, calls STS.
	const restore = setTimeout(() => void signInManager.restore(), 0);
	context.subscriptions.push({ dispose: () => clearTimeout(restore) });

	// Other extensions: the sign-in's credentials, once the user allowed each caller.
	const access = new CredentialAccess({ globalState: context.globalState, ask: askCredentialAccess });
	context.subscriptions.push(...registerCredentialAccessCommand(deps, access));
	return createExportedApi({ signIn: signInManager, access, caller: () => callerExtensionId(currentStack(), vscode.extensions.all, context.extension.id) });
}

export function deactivate(): void {}
