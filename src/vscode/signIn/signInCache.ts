// The non-secret part of the sign-in kept in globalState: what the status bar shows at
// activation, before anything is loaded, and the account names learnt from SSO. Never secrets:
// an assumed role's external id (a shared secret in many setups) lives in the SecretStorage record only.
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
		if (cached?.version !== 1 || !cached.display) {
			return undefined;
		}
		const stripped = withoutSecrets(cached.spec);
		if (stripped !== cached.spec) {
			// Written by an earlier version: take the external id out of globalState. This run keeps
			// it in memory; the SecretStorage record (read by restore) has it for the next ones.
			void Promise.resolve(this.globalState.update(CACHE_KEY, { ...cached, spec: stripped })).catch(() => undefined);
		}
		return cached;
	}

	async save(spec: SignInSpec, snapshot: SignInSnapshot & { display: IdentityDisplay }): Promise<void> {
		const cached: CachedSignIn = { version: 1, spec: withoutSecrets(spec), display: snapshot.display, state: snapshot.state };
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

/** `spec` without what globalState must not hold (the same object when there is nothing to take out). */
function withoutSecrets(spec: SignInSpec): SignInSpec {
	if (spec?.method === 'assumeRole' && 'externalId' in spec) {
		const { externalId: _externalId, ...rest } = spec;
		return rest;
	}
	return spec;
}
