// The window's current sign-in, as the thin owner of its parts: it holds the live Connection,
// applies the state machine's transitions (signIn/signInState.ts) and fires one change event
// per transition. Persistence, cross-window sync, the expiry clock and warnings: src/vscode/signIn/.
import * as vscode from 'vscode';
import type { AccessPolicy, Connection, Engine, Identity, SignInSpec } from '../aws/engineTypes';
import { BedrockConnectError, isBedrockConnectError, isCancellation } from '../aws/errors';
import type { Logger } from '../aws/ports';
import type { VscodeSecretStore } from './secretStore';
import type { SignInSettings } from './settings';
import type { SignInAccess } from './signInAccess';
import { applyPolicy, confirmIdentity } from './signIn/confirmIdentity';
import { CrossWindowSync, type SignInRecord } from './signIn/crossWindowSync';
import type { ExpiryClock } from './signIn/expiryClock';
import { ExpiryNotifier } from './signIn/expiryNotifier';
import { expiredKey, expiryWarning } from './signIn/expiryWarning';
import { buildIdentityDisplay, shownRefreshFailure } from './signIn/identityDisplay';
import { SignInCache } from './signIn/signInCache';
import { transition, type SignInEvent, type SignInSnapshot } from './signIn/signInState';
import { deleteStoredCredentials, type SignOutLeftovers, usesStoredKeys } from './signIn/storedCredentials';
import { displayedExpiry, type IdentityDisplay } from './statusFormat';

export interface SignInManagerDeps {
	globalState: vscode.Memento;
	secrets: Pick<VscodeSecretStore, 'get' | 'store' | 'delete' | 'onDidChange'>;
	logger: Logger;
	getEngine(): Promise<Engine>;
	settings(): SignInSettings;
	/** The one expiry clock, shared with the status bar. */
	clock: ExpiryClock;
}

function policyOf(settings: SignInSettings): AccessPolicy {
	return { allowedRoles: settings.allowedRoles, allowedAccounts: settings.allowedAccounts };
}

export class SignInManager implements SignInAccess, vscode.Disposable {
	private current: SignInSnapshot = { state: 'signedOut' };
	private spec?: SignInSpec;
	private connection?: Connection;
	private identity?: Identity;
	private unsubscribeConnection?: () => void;
	private restoring?: Promise<void>;
	/** Bumped by every sign-in and sign-out: a late result of an older one is dropped. */
	private generation = 0;
	private interactiveSignIn?: () => Promise<Connection | undefined>;
	private readonly cache: SignInCache;
	private readonly sync: CrossWindowSync;
	private readonly warnings = new ExpiryNotifier();
	private readonly changed = new vscode.EventEmitter<void>();
	readonly onDidChangeConnection: vscode.Event<void> = this.changed.event;
	private readonly disposables: vscode.Disposable[];

	constructor(private readonly deps: SignInManagerDeps) {
		this.cache = new SignInCache(deps.globalState);
		this.sync = new CrossWindowSync(deps.secrets, (record) => void this.onRecordChangedElsewhere(record));
		this.disposables = [this.changed, this.sync, deps.clock.onTick(() => this.evaluateExpiry())];
	}

	get snapshot(): SignInSnapshot {
		return { ...this.current };
	}

	get currentSpec(): SignInSpec | undefined {
		return this.spec;
	}

	get currentIdentity(): Identity | undefined {
		return this.identity;
	}

	/** Activation: shows the last known sign-in at once (memento only, no I/O, no engine). */
	loadCache(): void {
		const cached = this.cache.load();
		if (cached) {
			this.spec = cached.spec;
			const wasExpired = cached.state === 'expired';
			this.apply({ type: 'cacheLoaded', display: cached.display, wasExpired });
			if (wasExpired) {
				// An expiry seen in an earlier run was already announced then.
				this.warnings.markAnnounced(expiredKey(cached.display));
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
		return this.connection;
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
		this.apply({ type: 'signInStarted' });
		let connection: Connection | undefined;
		try {
			const engine = await this.deps.getEngine();
			const settings = this.deps.settings();
			const region = await engine.resolveRegion(spec, settings.region || undefined);
			// The policy is read again whenever a refresh changes who the keys belong to.
			connection = engine.openConnection(spec, region, { policy: () => policyOf(this.deps.settings()) });
			const identity = await confirmIdentity(engine, connection, settings, this.deps.logger);
			if (generation !== this.generation) {
				throw new BedrockConnectError('Cancelled', 'A newer sign-in replaced this one.');
			}
			if (!options.fromOtherWindow) {
				// Saved before the status bar says "signed in": a reload from then on restores this sign-in.
				await this.writeRecord(spec, buildIdentityDisplay(spec, connection, identity, options.accountName, this.cache.accountNames()));
				if (generation !== this.generation) {
					throw new BedrockConnectError('Cancelled', 'A newer sign-in replaced this one.');
				}
			}
			this.adopt(spec, connection, identity, options.accountName);
			if (spec.method === 'sso' && options.accountName) {
				await this.cache.rememberAccountName(spec.accountId, options.accountName);
			}
			await this.persist();
			const display = this.current.display;
			this.deps.logger.info(`signed in: ${display?.methodLabel}, ${display?.arn ?? 'no identity'}, region ${region}`);
			return connection;
		} catch (e) {
			connection?.dispose();
			if (generation === this.generation) {
				this.apply({ type: 'signInAbandoned', previous });
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
		if (!this.connection) {
			await this.establish(spec, { accountName: this.current.display?.accountName, fromOtherWindow: true });
			return this.identity;
		}
		const connection = this.connection;
		try {
			await connection.credentials({ forceRefresh: true });
			const engine = await this.deps.getEngine();
			const identity = await confirmIdentity(engine, connection, this.deps.settings(), this.deps.logger);
			if (connection === this.connection) {
				this.adopt(spec, connection, identity, this.current.display?.accountName);
				await this.persist();
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
			await this.establish(this.spec, { accountName: this.current.display?.accountName, fromOtherWindow: true });
		}
	}

	/** Applies changed allowedRoles/allowedAccounts to the current identity. */
	async recheckPolicy(): Promise<void> {
		// A Bedrock API key never has an identity: it is judged as at sign-in (any policy refuses it).
		// Other sign-ins without one are not confirmed yet; their confirmation applies the policy.
		if (!this.identity && this.spec?.method !== 'bedrockApiKey') {
			return;
		}
		const engine = await this.deps.getEngine();
		const settings = this.deps.settings();
		try {
			applyPolicy(engine, this.identity, policyOf(settings));
		} catch (e) {
			await this.signOut();
			throw e;
		}
	}

	/** Signs out everywhere: SSO Logout, stored keys deleted, the record removed (which signs out the other windows too). */
	async signOut(): Promise<SignOutLeftovers> {
		const spec = this.spec;
		this.clearLocal();
		await this.cache.clear();
		await this.sync.remove();
		try {
			return await deleteStoredCredentials(await this.deps.getEngine(), spec, this.deps.logger);
		} finally {
			this.deps.logger.info('signed out');
		}
	}

	/** After a failed sign-in with freshly stored keys: they must not linger as if signed in. */
	async discardKeys(method: 'accessKeys' | 'bedrockApiKey'): Promise<void> {
		const engine = await this.deps.getEngine();
		if (usesStoredKeys(this.spec, method)) {
			// The previous sign-in read the same slot, now overwritten: it cannot stay.
			await this.signOut();
			return;
		}
		await (method === 'accessKeys' ? engine.deleteAccessKeys() : engine.deleteBedrockApiKey());
	}

	dispose(): void {
		this.dropConnection();
		for (const d of this.disposables) {
			d.dispose();
		}
	}

	// ---- internals ----

	/** Applies one transition and fires the change event if it changed anything; `persist` saves it first. */
	private apply(event: SignInEvent, options: { persist?: boolean } = {}): void {
		const next = transition(this.current, event, { now: this.deps.clock.now(), warningMinutes: this.deps.settings().expiryWarningMinutes });
		if (next === this.current) {
			return;
		}
		this.current = next;
		if (options.persist) {
			void this.persist();
		}
		this.changed.fire();
	}

	private async doRestore(): Promise<void> {
		const record = await this.sync.read();
		if (!record) {
			if (this.current.display && this.current.state !== 'signingIn') {
				// The cache outlived its record (signed out elsewhere, or storage cleared).
				this.clearLocal();
				await this.cache.clear();
			}
			return;
		}
		if (this.spec && this.current.state === 'signingIn') {
			return; // the user started a sign-in while we were loading
		}
		await this.adoptRecord(record, { keepShownDisplay: true });
	}

	private async onRecordChangedElsewhere(record: SignInRecord | undefined): Promise<void> {
		if (!record) {
			this.deps.logger.info('signed out in another window');
			this.clearLocal();
			await this.cache.clear();
			return;
		}
		this.deps.logger.info(`signed in in another window: ${record.display.methodLabel}`);
		await this.adoptRecord(record, { keepShownDisplay: false });
	}

	/** Signs in to the record's sign-in; if that fails, shows it as failed (the user signs in again). */
	private async adoptRecord(record: SignInRecord, options: { keepShownDisplay: boolean }): Promise<void> {
		try {
			await this.establish(record.spec, { accountName: record.display.accountName, fromOtherWindow: true });
		} catch (e) {
			if (!isCancellation(e)) {
				this.spec = record.spec;
				this.markFailure(e, options.keepShownDisplay ? (this.current.display ?? record.display) : record.display);
			}
		}
	}

	private adopt(spec: SignInSpec, connection: Connection, identity: Identity | undefined, accountName: string | undefined): void {
		if (this.connection !== connection) {
			this.dropConnection();
			this.connection = connection;
			this.unsubscribeConnection = connection.onDidChange(() => this.onConnectionChanged(connection));
		}
		this.spec = spec;
		this.identity = identity;
		this.apply({ type: 'confirmed', display: buildIdentityDisplay(spec, connection, identity, accountName, this.cache.accountNames()) });
		this.evaluateExpiry();
	}

	private onConnectionChanged(connection: Connection): void {
		if (connection !== this.connection) {
			return;
		}
		const refusal = connection.refusal?.();
		if (refusal) {
			// A refresh brought an identity the policy refuses: the sign-in ends here.
			this.markFailure(refusal);
			void vscode.window.showErrorMessage(refusal.message);
			return;
		}
		const now = connection.currentIdentity?.();
		if (now && this.spec && now.arn !== this.identity?.arn) {
			// The source now signs as someone else (allowed): the status bar follows at once.
			const sameAccount = now.accountId === this.identity?.accountId;
			this.deps.logger.info(`the credentials now belong to ${now.arn}`);
			this.adopt(this.spec, connection, now, sameAccount ? this.current.display?.accountName : undefined);
			void this.persist();
			return;
		}
		const expiry = connection.expiry();
		const lastRefreshFailure = shownRefreshFailure(expiry);
		this.apply({ type: 'expiryChanged', expiresAt: displayedExpiry(expiry), canRefresh: expiry.canRefreshSilently, ...(lastRefreshFailure ? { lastRefreshFailure } : {}) }, { persist: true });
		this.evaluateExpiry();
	}

	/** On each clock tick and Connection change: moves between signedIn, expiring and expired, and warns once per move. */
	private evaluateExpiry(): void {
		// Without a live Connection (not restored yet, or failed) the state is not the clock's to change.
		if (!this.connection) {
			return;
		}
		this.apply({ type: 'tick' }, { persist: true });
		this.warnings.announce(expiryWarning(this.current, this.deps.clock.now()));
	}

	private markFailure(e: unknown, display?: SignInSnapshot['display']): void {
		const needsSignIn = isBedrockConnectError(e) && (e.code === 'SignInRequired' || e.code === 'SsoSignInExpired' || e.code === 'ConsoleSessionEnded');
		this.dropConnection();
		this.identity = undefined;
		this.deps.logger.warn('the sign-in could not be confirmed:', e);
		this.apply({ type: 'failed', message: e instanceof Error ? e.message : String(e), needsSignIn, display }, { persist: true });
		if (needsSignIn) {
			const warning = expiryWarning(this.current, this.deps.clock.now(), true);
			// A console session is renewed by `aws login`: say why it ended and run the console sign-in.
			const consoleEnded = warning && isBedrockConnectError(e) && e.code === 'ConsoleSessionEnded';
			this.warnings.announce(consoleEnded ? { ...warning, message: e.action ? `${e.message} ${e.action}` : e.message, command: 'bedrockConnect.signInWithConsole' } : warning);
		}
	}

	private clearLocal(): void {
		this.generation++;
		this.dropConnection();
		this.spec = undefined;
		this.identity = undefined;
		this.warnings.reset();
		this.apply({ type: 'signedOut' });
	}

	private dropConnection(): void {
		this.unsubscribeConnection?.();
		this.unsubscribeConnection = undefined;
		this.connection?.dispose();
		this.connection = undefined;
	}

	/** Saves the shown state for the next activation's first paint (no secrets). */
	private async persist(): Promise<void> {
		const spec = this.spec;
		const display = this.current.display;
		if (!spec || !display) {
			return;
		}
		try {
			await this.cache.save(spec, { ...this.current, display });
		} catch (e) {
			this.deps.logger.warn('could not save the sign-in state:', e);
		}
	}

	/** The record other windows and the next activation restore from. */
	private async writeRecord(spec: SignInSpec, display: IdentityDisplay): Promise<void> {
		try {
			await this.sync.write(spec, display);
		} catch (e) {
			this.deps.logger.warn('could not save the sign-in record:', e);
		}
	}
}
