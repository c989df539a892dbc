// "AWS: Sign In with Console Credentials": use a login_session profile, and when its session
// cannot renew, run `aws login` in a terminal (AWS CLI ≥ 2.32), wait for the sign-in it writes
// to the CLI's login cache and adopt it without a window reload. We never write that cache.
import * as vscode from 'vscode';
import type { Connection, ConsoleLoginService, SignInSpec } from '../../aws/engineTypes';
import { isBedrockConnectError } from '../../aws/errors';
import { ask, cancelled, pick } from '../prompts';
import type { CommandDeps } from './commandDeps';

export type FinishSignIn = (spec: SignInSpec) => Promise<Connection>;

const PROFILE_NAME = /^[\w.@+:/-]+$/;

export async function signInWithConsole(deps: CommandDeps, finish: FinishSignIn, given?: string): Promise<Connection | undefined> {
	const engine = await deps.getEngine();
	const consoleLogin = engine.consoleLogin;
	if (!consoleLogin) {
		throw new Error('This build of the engine has no console sign-in.');
	}
	const profile = given ?? (await chooseProfile(deps, consoleLogin, engine.listProfiles()));
	const state = await consoleLogin.state(profile);
	const cache = state.cache;
	if (state.loginSession && cache?.usable && (!cache.sessionEndsAt || cache.sessionEndsAt.getTime() > Date.now())) {
		try {
			return await finish({ method: 'profile', profile });
		} catch (e) {
			// Only a session that cannot renew sends the user to `aws login`; anything else is shown as it is.
			if (!(isBedrockConnectError(e) && e.code === 'ConsoleSessionEnded')) throw e;
			deps.logger.info(`console sign-in of profile ${profile} needs aws login: ${e.message}`);
		}
	}
	if (!(await runAwsLogin(deps, consoleLogin, profile))) {
		return undefined;
	}
	const adopted = await vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: `Waiting for \`aws login --profile ${profile}\` in the terminal…`, cancellable: true },
		(_progress, token) => {
			const controller = new AbortController();
			token.onCancellationRequested(() => controller.abort());
			return consoleLogin.waitForNewSession(profile, cache?.fingerprint, controller.signal);
		},
	);
	deps.logger.info(`console sign-in of profile ${profile} arrived in ${adopted.cache?.path ?? 'the login cache'}`);
	return finish({ method: 'profile', profile });
}

/** Runs `aws login` in a terminal; false (after saying how to get the CLI) when no CLI ≥ 2.32 is on PATH. */
async function runAwsLogin(deps: CommandDeps, consoleLogin: ConsoleLoginService, profile: string): Promise<boolean> {
	const cli = await consoleLogin.cli();
	if (!cli.supportsLogin) {
		const found = cli.version ? `AWS CLI ${cli.version} is on PATH` : 'no AWS CLI was found on PATH';
		const choice = await vscode.window.showErrorMessage(
			`Console sign-in needs AWS CLI 2.32 or newer to run \`aws login\`, but ${found}. Install or update the AWS CLI v2, then run "AWS: Sign In with Console Credentials" again.`,
			'Open install guide',
		);
		if (choice) {
			void vscode.env.openExternal(vscode.Uri.parse(cli.installUrl));
		}
		return false;
	}
	const remote = Boolean(vscode.env.remoteName);
	const commandLine = consoleLogin.loginCommandLine(profile, remote);
	const terminal = vscode.window.createTerminal({ name: `aws login (${profile})` });
	terminal.show();
	terminal.sendText(commandLine);
	deps.logger.info(`running \`${commandLine}\` (AWS CLI ${cli.version ?? '?'}) in a terminal`);
	return true;
}

/** The current sign-in's console profile, the only console profile, a pick among them, or a new profile name. */
async function chooseProfile(deps: CommandDeps, consoleLogin: ConsoleLoginService, profiles: Promise<Array<{ name: string; kind: string; region?: string }>>): Promise<string> {
	const current = deps.signInManager.currentSpec;
	if (current?.method === 'profile' && (await consoleLogin.state(current.profile)).loginSession) {
		return current.profile;
	}
	const consoleProfiles = (await profiles).filter((p) => p.kind === 'loginSession');
	if (consoleProfiles.length === 1) {
		return consoleProfiles[0].name;
	}
	if (consoleProfiles.length > 1) {
		const choice = await pick(
			consoleProfiles.map((p) => ({ label: p.name, description: ['console credentials', p.region].filter(Boolean).join(' · ') })),
			{ title: 'Sign in with console credentials', placeHolder: 'Profiles with login_session (aws login)' },
		);
		return choice.label;
	}
	const name = await ask({
		title: 'Sign in with console credentials',
		prompt: 'No profile uses console credentials yet. Name the profile `aws login` should create (or update):',
		value: 'default',
		validate: (value) => (PROFILE_NAME.test(value.trim()) ? undefined : 'A profile name: letters, digits and . _ - @ + : / only.'),
	});
	if (!name) throw cancelled();
	return name;
}
