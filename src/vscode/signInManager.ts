// The current sign-in: its state machine (signedOut → signingIn → signedIn ⇄ expiring →
// expired, or error), the events others listen to, persistence of the non-secret part,
// restore on startup, the expiry clock and its once-per-transition warnings, and the
// record in SecretStorage through which other windows learn of sign-ins and sign-outs.
import * as vscode from 'vscode';
import type { Engine, Identity, Connection, SignInSpec } from '../aws/engineTypes';
import { BedrockConnectError, isBedrockConnectError, isCancellation } from '../aws/errors';
import type { Logger } from '../aws/ports';
import type { SignInAccess } from './signInAccess';
import type { VscodeSecretStore } from './secretStore';
import type { SignInSettings } from './settings';
import {
	classifyExpiry,
	describeMethod,
	displayedExpiry,
	formatTimeLeft,
	type IdentityDisplay,
	type SessionStateName,
} from './statusFormat';

/** globalState: what the status bar shows before anything is loaded. Never secrets. */
const CACHE_KEY = 'bedrockConnect.signIn';
/** globalState: account names learnt from SSO, so other methods can show them too. */
const ACCOUNT_NAMES_KEY = 'bedrockConnect.accountNames';
/** SecretStorage: the sign-in every window should use; its changes reach all windows. */
export const SIGN_IN_RECORD_KEY = 'bedrockConnect.signIn.v1';

const TICK_MS = 30_000;

interface SignInRecord {
	version: 1;
	spec: SignInSpec;
	display: IdentityDisplay;
	state?: SessionStateName;
}

export interface SessionSnapshot {
	state: SessionStateName;
	display?: IdentityDisplay;
	errorMessage?: string;
}

export interface SessionManagerDeps {
	globalState: vscode.Memento;
	secrets: VscodeSecretStore;
	logger: Logger;
	getEngine(): Promise<Engine>;
	settings(): SignInSettings;
	now?: () => number;
}

export class SignInManager implements SignInAccess, vscode.Disposable {
	private state: SessionStateName = 'signedOut';
	private display?: IdentityDisplay;
	private spec?: SignInSpec;
	private session?: Connection;
	private identity?: Identity;
	private errorMessage?: string;
	private unsubscribeSession?: () => void;
	private restoring?: Promise<void>;
	/** The record this window last wrote or adopted: its own writes are not news. */
	private recordJson?: string;
	/** Bumped by every sign-in and sign-out: a late result of an older one is dropped. */
	private generation = 0;
	/** `state@deadline` of the last expiry notification, so each transition warns once. */
	private notified?: string;
	private interactiveSignIn?: () => Promise<Connection | undefined>;
	private readonly changed = new vscode.EventEmitter<void>();
	readonly onDidChangeConnection: vscode.Event<void> = this.changed.event;
	private readonly disposables: vscode.Disposable[] = [this.changed];
	private readonly timer: ReturnType<typeof setInterval>;
	private readonly now: () => number;

	constructor(private readonly deps: SessionManagerDeps) {
		this.now = deps.now ?? Date.now;
		this.timer = setInterval(() => this.evaluateExpiry(), TICK_MS);
		this.disposables.push(deps.secrets.onDidChange((key) => key === SIGN_IN_RECORD_KEY && void this.onRecordChanged()));
	}

	get snapshot(): SessionSnapshot {
		return { state: this.state, display: this.display, errorMessage: this.errorMessage };
	}

	get currentSpec(): SignInSpec | undefined {
		return this.spec;
	}

	get currentIdentity(): Identity | undefined {
		return this.identity;
	}

	/** Activation: shows the last known sign-in at once (memento only, no I/O, no engine). */
	loadCache(): void {
		const cached = this.deps.globalState.get<SignInRecord>(CACHE_KEY);
		if (cached?.version === 1 && cached.display) {
			this.spec = cached.spec;
			this.display = cached.display;
			this.state = cached.state === 'expired' ? 'expired' : classifyExpiry(cached.display, this.now(), this.warningMinutes());
			// An expiry seen in an earlier run was already announced then.
			if (cached.state === 'expired') {
				this.notified = `expired@${cached.display.expiresAt}`;
			}
		}
	}

	/** Confirms the cached sign-in with the engine (GetCallerIdentity). Runs once. */
	restore(): Promise<void> {
		this.restoring ??= this.doRestore();
		return this.restoring;
	}

	async getConnection(): Promise<Connection | undefined> {
		await this.restore();
		return this.session;
	}

	setInteractiveSignIn(run: () => Promise<Connection | undefined>): void {
		this.interactiveSignIn = run;
	}

	/** Runs "AWS: Sign In…". Errors are shown to the user there; resolves undefined for them and for cancel. */
	async signIn(): Promise<Connection | undefined> {
		if (!this.interactiveSignIn) {
			throw new BedrockConnectError('Unknown', 'Sign-in is not ready yet.');
		}
		return this.interactiveSignIn();
	}

	/**
	 * Makes `spec` the current sign-in: opens it, asks STS who it is, applies the
	 * allowed-roles/accounts policy, persists it. On failure the previous sign-in stays.
	 */
	async establish(spec: SignInSpec, options: { accountName?: string; fromOtherWindow?: boolean } = {}): Promise<Connection> {
		const generation = ++this.generation;
		const previous = this.snapshot;
		this.setState('signingIn');
		let session: Connection | undefined;
		try {
			const engine = await this.deps.getEngine();
			const settings = this.deps.settings();
			const region = await engine.resolveRegion(spec, settings.region || undefined);
			session = engine.openConnection(spec, region);
			const identity = await this.confirmIdentity(engine, session, settings);
			if (generation !== this.generation) {
				throw new BedrockConnectError('Cancelled', 'A newer sign-in replaced this one.');
			}
			this.adopt(spec, session, identity, options.accountName);
			if (spec.method === 'sso' && options.accountName) {
				await this.rememberAccountName(spec.accountId, options.accountName);
			}
			await this.persist(!options.fromOtherWindow);
			this.deps.logger.info(`signed in: ${this.display?.methodLabel}, ${this.display?.arn ?? 'no identity'}, region ${region}`);
			return session;
		} catch (e) {
			session?.dispose();
			if (generation === this.generation) {
				this.state = previous.state;
				this.display = previous.display;
				this.errorMessage = previous.errorMessage;
				this.changed.fire();
			}
			throw e;
		}
	}

	/** Forces new credentials and asks STS again; re-opens the sign-in if it had failed. */
	async refresh(): Promise<Identity | undefined> {
		await this.restore();
		const spec = this.spec;
		if (!spec) {
			throw new BedrockConnectError('SignInRequired', 'You are not signed in to AWS.', { action: 'Run "AWS: Sign In…".' });
		}
		if (!this.session) {
			await this.establish(spec, { accountName: this.display?.accountName, fromOtherWindow: true });
			return this.identity;
		}
		const session = this.session;
		try {
			await session.credentials({ forceRefresh: true });
			const engine = await this.deps.getEngine();
			const identity = await this.confirmIdentity(engine, session, this.deps.settings());
			if (session === this.session) {
				this.adopt(spec, session, identity, this.display?.accountName);
				await this.persist(false);
			}
			return identity;
		} catch (e) {
			this.markFailure(e);
			throw e;
		}
	}

	/** Re-opens the current sign-in, e.g. in a newly selected region. */
	async reopen(): Promise<void> {
		await this.restore();
		if (this.spec) {
			await this.establish(this.spec, { accountName: this.display?.accountName, fromOtherWindow: true });
		}
	}

	/** Applies changed allowedRoles/allowedAccounts to the current identity. */
	async recheckPolicy(): Promise<void> {
		if (!this.identity) {
			return;
		}
		const engine = await this.deps.getEngine();
		const settings = this.deps.settings();
		try {
			engine.checkPolicy(this.identity, { allowedRoles: settings.allowedRoles, allowedAccounts: settings.allowedAccounts });
		} catch (e) {
			await this.signOut();
			throw e;
		}
	}

	/**
	 * Signs out everywhere: SSO Logout, stored keys deleted, the record removed (which signs
	 * out the other windows too).
	 */
	async signOut(): Promise<void> {
		const spec = this.spec;
		this.clearLocal();
		// Set before the delete: its change event is this window's own news.
		this.recordJson = undefined;
		await this.deps.globalState.update(CACHE_KEY, undefined);
		await this.deps.secrets.delete(SIGN_IN_RECORD_KEY);
		try {
			const engine = await this.deps.getEngine();
			const sso = spec?.method === 'sso' ? spec : spec?.method === 'assumeRole' && spec.base.method === 'sso' ? spec.base : undefined;
			if (sso) {
				await engine.signOutSso(sso.startUrl, sso.ssoRegion).catch((e) => this.deps.logger.warn('SSO logout failed:', e));
			}
			await engine.deleteAccessKeys().catch((e) => this.deps.logger.warn('deleting access keys failed:', e));
			await engine.deleteBedrockApiKey().catch((e) => this.deps.logger.warn('deleting the API key failed:', e));
		} finally {
			this.deps.logger.info('signed out');
		}
	}

	/** After a failed sign-in with freshly stored keys: they must not linger as if signed in. */
	async discardKeys(method: 'accessKeys' | 'bedrockApiKey'): Promise<void> {
		const engine = await this.deps.getEngine();
		const usesThem = this.spec?.method === method || (this.spec?.method === 'assumeRole' && this.spec.base.method === method);
		if (usesThem) {
			// The previous sign-in read the same slot, now overwritten: it cannot stay.
			await this.signOut();
			return;
		}
		await (method === 'accessKeys' ? engine.deleteAccessKeys() : engine.deleteBedrockApiKey());
	}

	dispose(): void {
		clearInterval(this.timer);
		this.unsubscribeSession?.();
		this.session?.dispose();
		for (const d of this.disposables) {
			d.dispose();
		}
	}

	// ---- internals ----

	private async doRestore(): Promise<void> {
		const raw = await this.deps.secrets.get(SIGN_IN_RECORD_KEY);
		const record = parseRecord(raw);
		if (!record) {
			if (this.display && this.state !== 'signingIn') {
				// The cache outlived its record (signed out elsewhere, or storage cleared).
				this.clearLocal();
				await this.deps.globalState.update(CACHE_KEY, undefined);
			}
			return;
		}
		this.recordJson = raw;
		if (this.spec && this.state === 'signingIn') {
			return; // the user started a sign-in while we were loading
		}
		try {
			await this.establish(record.spec, { accountName: record.display.accountName, fromOtherWindow: true });
		} catch (e) {
			if (!isCancellation(e)) {
				this.spec = record.spec;
				this.display ??= record.display;
				this.markFailure(e);
			}
		}
	}

	private async onRecordChanged(): Promise<void> {
		const raw = await this.deps.secrets.get(SIGN_IN_RECORD_KEY);
		if (raw === this.recordJson) {
			return;
		}
		this.recordJson = raw;
		const record = parseRecord(raw);
		if (!record) {
			this.deps.logger.info('signed out in another window');
			this.clearLocal();
			await this.deps.globalState.update(CACHE_KEY, undefined);
			return;
		}
		this.deps.logger.info(`signed in in another window: ${record.display.methodLabel}`);
		try {
			await this.establish(record.spec, { accountName: record.display.accountName, fromOtherWindow: true });
		} catch (e) {
			if (!isCancellation(e)) {
				this.spec = record.spec;
				this.display = record.display;
				this.markFailure(e);
			}
		}
	}

	private async confirmIdentity(engine: Engine, session: Connection, settings: SignInSettings): Promise<Identity | undefined> {
		const policy = { allowedRoles: settings.allowedRoles, allowedAccounts: settings.allowedAccounts };
		let identity: Identity | undefined;
		try {
			identity = await session.getIdentity();
		} catch (e) {
			// A Bedrock API key is a bearer token for Bedrock only: STS cannot say whose it is.
			if (session.spec.method !== 'bedrockApiKey' || isCancellation(e)) {
				throw e;
			}
			this.deps.logger.info('a Bedrock API key has no STS identity; showing it without one');
		}
		if (identity) {
			engine.checkPolicy(identity, policy);
		} else if (policy.allowedAccounts.length > 0 || policy.allowedRoles.length > 0) {
			throw new BedrockConnectError('PolicyRefused', 'A Bedrock API key cannot prove which account or role it belongs to, and your settings allow only some.', {
				action: 'Sign in with IAM Identity Center, a profile or keys instead, or clear bedrockConnect.allowedRoles/allowedAccounts.',
			});
		}
		return identity;
	}

	private adopt(spec: SignInSpec, session: Connection, identity: Identity | undefined, accountName: string | undefined): void {
		if (this.session !== session) {
			this.unsubscribeSession?.();
			this.session?.dispose();
			this.session = session;
			this.unsubscribeSession = session.onDidChange(() => this.onSessionChanged(session));
		}
		this.spec = spec;
		this.identity = identity;
		this.errorMessage = undefined;
		const names = this.deps.globalState.get<Record<string, string>>(ACCOUNT_NAMES_KEY) ?? {};
		const accountId = identity?.accountId ?? '';
		const expiry = session.expiry();
		this.display = {
			method: spec.method,
			methodLabel: describeMethod(spec),
			name: identity?.principal.name || (spec.method === 'bedrockApiKey' ? 'Bedrock API key' : 'unknown'),
			accountId,
			accountName: accountName ?? (spec.method === 'sso' ? spec.accountName : undefined) ?? names[accountId],
			roleName: identity?.principal.roleName ?? (spec.method === 'sso' ? spec.roleName : undefined),
			// A Bedrock API key's stand-in identity has no real ARN.
			arn: identity?.arn.startsWith('arn:') ? identity.arn : undefined,
			userId: identity?.userId,
			region: session.region,
			expiresAt: displayedExpiry(expiry),
			canRefresh: expiry.canRefreshSilently,
		};
		this.state = classifyExpiry(this.display, this.now(), this.warningMinutes());
		this.changed.fire();
		this.evaluateExpiry();
	}

	private onSessionChanged(session: Connection): void {
		if (session !== this.session || !this.display) {
			return;
		}
		const expiry = session.expiry();
		this.display = { ...this.display, expiresAt: displayedExpiry(expiry), canRefresh: expiry.canRefreshSilently };
		if (this.state !== 'error') {
			this.state = classifyExpiry(this.display, this.now(), this.warningMinutes());
		}
		void this.persist(false);
		this.changed.fire();
		this.evaluateExpiry();
	}

	/** Runs on every tick: moves between signedIn, expiring and expired and warns once per move. */
	private evaluateExpiry(): void {
		const display = this.display;
		// Without a live session (not restored yet, or failed) the state is not the clock's to change.
		if (!display || !this.session || !['signedIn', 'expiring', 'expired'].includes(this.state)) {
			return;
		}
		const next = classifyExpiry(display, this.now(), this.warningMinutes());
		if (next !== this.state) {
			this.state = next;
			void this.persist(false);
			this.changed.fire();
		}
		if (next === 'signedIn') {
			return;
		}
		const key = `${next}@${display.expiresAt}`;
		if (this.notified === key) {
			return;
		}
		this.notified = key;
		const who = `${display.name} · ${display.accountName || display.accountId}`;
		const message =
			next === 'expired'
				? `Your AWS sign-in (${who}) has expired.`
				: `Your AWS credentials (${who}) expire in ${formatTimeLeft((display.expiresAt ?? 0) - this.now())} and cannot be renewed without you.`;
		const show = next === 'expired' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
		void show(message, 'Sign in again').then((choice) => {
			if (choice) {
				void vscode.commands.executeCommand('bedrockConnect.signIn');
			}
		});
	}

	private markFailure(e: unknown): void {
		const needsSignIn = isBedrockConnectError(e) && (e.code === 'SignInRequired' || e.code === 'SsoSignInExpired');
		this.unsubscribeSession?.();
		this.unsubscribeSession = undefined;
		this.session?.dispose();
		this.session = undefined;
		this.identity = undefined;
		this.errorMessage = e instanceof Error ? e.message : String(e);
		this.state = needsSignIn ? 'expired' : 'error';
		this.deps.logger.warn('the sign-in could not be confirmed:', e);
		void this.persist(false);
		this.changed.fire();
		if (needsSignIn) {
			this.evaluateExpiryAfterFailure();
		}
	}

	private evaluateExpiryAfterFailure(): void {
		const key = `expired@${this.display?.expiresAt}`;
		if (this.notified === key) {
			return;
		}
		this.notified = key;
		void vscode.window.showErrorMessage('Your AWS sign-in has expired.', 'Sign in again').then((choice) => {
			if (choice) {
				void vscode.commands.executeCommand('bedrockConnect.signIn');
			}
		});
	}

	private clearLocal(): void {
		this.generation++;
		this.unsubscribeSession?.();
		this.unsubscribeSession = undefined;
		this.session?.dispose();
		this.session = undefined;
		this.spec = undefined;
		this.identity = undefined;
		this.display = undefined;
		this.errorMessage = undefined;
		this.notified = undefined;
		this.state = 'signedOut';
		this.changed.fire();
	}

	private setState(state: SessionStateName): void {
		this.state = state;
		this.changed.fire();
	}

	private async persist(writeRecord: boolean): Promise<void> {
		if (!this.spec || !this.display) {
			return;
		}
		const record: SignInRecord = { version: 1, spec: this.spec, display: this.display, state: this.state };
		try {
			await this.deps.globalState.update(CACHE_KEY, record);
			if (writeRecord) {
				const json = JSON.stringify({ version: 1, spec: this.spec, display: this.display });
				this.recordJson = json;
				await this.deps.secrets.store(SIGN_IN_RECORD_KEY, json);
			}
		} catch (e) {
			this.deps.logger.warn('could not save the sign-in state:', e);
		}
	}

	private async rememberAccountName(accountId: string, name: string): Promise<void> {
		const names = this.deps.globalState.get<Record<string, string>>(ACCOUNT_NAMES_KEY) ?? {};
		if (names[accountId] !== name) {
			// Bounded: the user's own SSO picks only, oldest dropped past 200.
			const entries = Object.entries({ ...names, [accountId]: name }).slice(-200);
			await this.deps.globalState.update(ACCOUNT_NAMES_KEY, Object.fromEntries(entries));
		}
	}

	private warningMinutes(): number {
		return this.deps.settings().expiryWarningMinutes;
	}
}

function parseRecord(raw: string | undefined): SignInRecord | undefined {
	if (!raw) {
		return undefined;
	}
	try {
		const record = JSON.parse(raw) as SignInRecord;
		return record.version === 1 && record.spec && record.display ? record : undefined;
	} catch {
		return undefined;
	}
}
