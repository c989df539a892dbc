// While the current sign-in is a console-credentials profile (signed in, or ended with "Sign in
// again" offered), follows its AWS CLI login cache: a new `aws login` run in any terminal is
// adopted without a reload or a command, and said once in the log and the status bar. No watcher
// for any other sign-in; stopped on sign-out or a switch.
import * as vscode from 'vscode';
import type { Engine, SignInSpec } from '../../aws/engineTypes';
import { isCancellation } from '../../aws/errors';
import type { Logger } from '../../aws/ports';
import type { SignInSnapshot } from './signInState';

/** What the follower needs of the SignInManager. */
export interface FollowedSignIn {
	readonly currentSpec: SignInSpec | undefined;
	readonly snapshot: SignInSnapshot;
	readonly onDidChangeConnection: vscode.Event<void>;
	/** Opens the current sign-in again (the new session's keys and end). */
	reopen(): Promise<void>;
}

/** The profile to follow: a profile sign-in that is not signed out (whether it works, expired or failed). */
export function followedProfile(spec: SignInSpec | undefined, state: SignInSnapshot['state']): string | undefined {
	return spec?.method === 'profile' && state !== 'signedOut' ? spec.profile : undefined;
}

export class ConsoleSessionFollower implements vscode.Disposable {
	/** The profile followed, or being checked for a login_session. */
	private target?: string;
	private follow?: { dispose(): void };
	private readonly subscription: vscode.Disposable;

	constructor(
		private readonly signIn: FollowedSignIn,
		private readonly getEngine: () => Promise<Engine>,
		private readonly logger: Logger,
		private readonly announce: (message: string) => void = (message) => void vscode.window.setStatusBarMessage(message, 15_000),
	) {
		// Only change events start it: they come after the engine is loaded (activation stays cheap).
		this.subscription = signIn.onDidChangeConnection(() => void this.update());
	}

	/** The profile currently followed (for tests and Diagnose). */
	get following(): string | undefined {
		return this.follow ? this.target : undefined;
	}

	dispose(): void {
		this.subscription.dispose();
		this.stop();
	}

	private async update(): Promise<void> {
		const profile = followedProfile(this.signIn.currentSpec, this.signIn.snapshot.state);
		if (profile === this.target) {
			return;
		}
		this.stop();
		if (!profile) {
			return;
		}
		this.target = profile;
		try {
			const consoleLogin = (await this.getEngine()).consoleLogin;
			const state = await consoleLogin?.state(profile);
			if (this.target !== profile || !state?.loginSession || !consoleLogin?.followSession) {
				return;
			}
			this.follow = consoleLogin.followSession(profile, () => void this.adopt(profile));
		} catch (e) {
			this.logger.warn(`cannot follow the console sign-in of profile ${profile}:`, e);
		}
	}

	private async adopt(profile: string): Promise<void> {
		const spec = this.signIn.currentSpec;
		// Another sign-in under way (or made since) wins: it is the user's choice.
		if (spec?.method !== 'profile' || spec.profile !== profile || this.signIn.snapshot.state === 'signingIn') {
			return;
		}
		this.logger.info(`a new console sign-in of profile ${profile} arrived in the AWS CLI login cache (aws login): using it`);
		try {
			await this.signIn.reopen();
			this.announce(`AWS: now using the new console sign-in of profile "${profile}" (aws login).`);
		} catch (e) {
			if (!isCancellation(e)) {
				this.logger.warn(`the new console sign-in of profile ${profile} could not be used:`, e);
			}
		}
	}

	private stop(): void {
		this.target = undefined;
		this.follow?.dispose();
		this.follow = undefined;
	}
}
