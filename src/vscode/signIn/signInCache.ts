// The non-secret part of the sign-in kept in globalState: what the status bar shows at
// activation, before anything is loaded, and the account names learnt from SSO. Never secrets.
import type * as vscode from 'vscode';
import type { SignInSpec } from '../../aws/engineTypes';
import type { IdentityDisplay, SignInStateName } from '../statusFormat';
import type { SignInSnapshot } from './signInState';

const CACHE_KEY = 'bedrockConnect.signIn';
/** Account names learnt from SSO, so other methods can show them too. */
const ACCOUNT_NAMES_KEY = 'bedrockConnect.accountNames';
/** Bounded: the user's own SSO picks only, oldest dropped past this. */
const MAX_ACCOUNT_NAMES = 200;

export interface CachedSignIn {
	version: 1;
	spec: SignInSpec;
	display: IdentityDisplay;
	state?: SignInStateName;
}

export class SignInCache {
	constructor(private readonly globalState: vscode.Memento) {}

	load(): CachedSignIn | undefined {
		const cached = this.globalState.get<CachedSignIn>(CACHE_KEY);
		return cached?.version === 1 && cached.display ? cached : undefined;
	}

	async save(spec: SignInSpec, snapshot: SignInSnapshot & { display: IdentityDisplay }): Promise<void> {
		const cached: CachedSignIn = { version: 1, spec, display: snapshot.display, state: snapshot.state };
		await this.globalState.update(CACHE_KEY, cached);
	}

	async clear(): Promise<void> {
		await this.globalState.update(CACHE_KEY, undefined);
	}

	accountNames(): Record<string, string> {
		return this.globalState.get<Record<string, string>>(ACCOUNT_NAMES_KEY) ?? {};
	}

	async rememberAccountName(accountId: string, name: string): Promise<void> {
		const names = this.accountNames();
		if (names[accountId] !== name) {
			const entries = Object.entries({ ...names, [accountId]: name }).slice(-MAX_ACCOUNT_NAMES);
			await this.globalState.update(ACCOUNT_NAMES_KEY, Object.fromEntries(entries));
		}
	}
}
