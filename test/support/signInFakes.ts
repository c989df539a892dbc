// Hand-written fakes for the VS Code sign-in layer's tests: an Engine whose Connections say
// who they are and when they expire, a Memento, a SecretStorage with change events (so a
// test can act as another window), and an expiry clock that ticks when the test says so.
import type * as vscode from 'vscode';
import type { AwsCredentials, Connection, ConnectionExpiry, DiagnosisReport, Engine, Identity, ProfileSummary, SignInSpec } from '../../src/aws/engineTypes';
import { BedrockConnectError } from '../../src/aws/errors';
import type { ExpiryClock } from '../../src/vscode/signIn/expiryClock';
import type { SignInSettings } from '../../src/vscode/settings';

export const START = Date.parse('2026-11-23T12:00:00Z');
export const MINUTE = 60_000;

export function identityFor(accountId = '123456789012', name = 'alice'): Identity {
	return {
		arn: `arn:aws:sts::${accountId}:assumed-role/Dev/${name}`,
		userId: `AROAEXAMPLE:${name}`,
		accountId,
		principal: { kind: 'assumedRole', partition: 'aws', accountId, name, roleName: 'Dev' },
	};
}

export class FakeConnection implements Connection {
	disposed = false;
	forcedRefreshes = 0;
	/** What currentIdentity() answers (a test sets it, as a refresh to other keys would). */
	nowIdentity?: Identity;
	/** What refusal() answers (a test sets it, as a refresh the policy refused would). */
	refused?: Error;
	private readonly listeners = new Set<() => void>();

	constructor(
		readonly spec: SignInSpec,
		readonly region: string,
		private readonly engine: FakeEngine,
	) {}

	readonly credentials = async (options?: { forceRefresh?: boolean }): Promise<AwsCredentials> => {
		if (options?.forceRefresh) {
			this.forcedRefreshes++;
		}
		if (this.engine.credentialsError) {
			throw this.engine.credentialsError;
		}
		return { accessKeyId: 'AKIAFAKEFAKEFAKE', secretAccessKey: 'fake-secret' } as AwsCredentials;
	};

	async getIdentity(): Promise<Identity> {
		if (this.engine.identityError) {
			throw this.engine.identityError;
		}
		return this.engine.identity;
	}

	expiry(): ConnectionExpiry {
		return this.engine.expiry;
	}

	currentIdentity(): Identity | undefined {
		return this.nowIdentity;
	}

	refusal(): Error | undefined {
		return this.refused;
	}

	onDidChange(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** As the engine does after a credential renewal. */
	emitChange(): void {
		for (const l of [...this.listeners]) {
			l();
		}
	}

	dispose(): void {
		this.disposed = true;
	}
}

/** Only what the sign-in layer calls; the rest throws so an unexpected call shows up. */
export class FakeEngine implements Engine {
	identity: Identity = identityFor();
	identityError?: Error;
	credentialsError?: Error;
	expiry: ConnectionExpiry = { canRefreshSilently: false, credentialsExpireAt: new Date(START + 60 * MINUTE) };
	profiles: ProfileSummary[] = [];
	readonly opened: FakeConnection[] = [];
	readonly calls: string[] = [];

	async resolveRegion(_spec: SignInSpec, configured?: string): Promise<string> {
		return configured ?? 'us-east-1';
	}
	openConnection(spec: SignInSpec, region: string): Connection {
		const connection = new FakeConnection(spec, region, this);
		this.opened.push(connection);
		return connection;
	}
	checkPolicy(identity: Identity, policy: { allowedRoles: string[]; allowedAccounts: string[] }): void {
		if (policy.allowedAccounts.length > 0 && !policy.allowedAccounts.includes(identity.accountId)) {
			throw new BedrockConnectError('PolicyRefused', `Account ${identity.accountId} is not allowed.`);
		}
	}
	async listProfiles(): Promise<ProfileSummary[]> {
		return this.profiles;
	}
	async ssoTargetsOf(spec: SignInSpec): Promise<Array<{ startUrl: string; ssoRegion: string }>> {
		const base = spec.method === 'assumeRole' ? spec.base : spec;
		return base.method === 'sso' ? [{ startUrl: base.startUrl, ssoRegion: base.ssoRegion }] : [];
	}
	async signOutSso(startUrl: string): Promise<void> {
		this.calls.push(`signOutSso ${startUrl}`);
	}
	async saveAccessKeys(): Promise<void> {
		this.calls.push('saveAccessKeys');
	}
	async deleteAccessKeys(): Promise<void> {
		this.calls.push('deleteAccessKeys');
	}
	async saveBedrockApiKey(): Promise<void> {
		this.calls.push('saveBedrockApiKey');
	}
	async deleteBedrockApiKey(): Promise<void> {
		this.calls.push('deleteBedrockApiKey');
	}
	async forgetMfaSessions(): Promise<void> {
		this.calls.push('forgetMfaSessions');
	}
	signInWithSso(): Promise<void> {
		throw new Error('not faked');
	}
	hasSsoToken(): Promise<boolean> {
		throw new Error('not faked');
	}
	listSsoAccounts(): Promise<never> {
		throw new Error('not faked');
	}
	listSsoRoles(): Promise<string[]> {
		throw new Error('not faked');
	}
	diagnose(): Promise<DiagnosisReport> {
		throw new Error('not faked');
	}
	dispose(): void {}
}

export class FakeMemento implements vscode.Memento {
	readonly values = new Map<string, unknown>();
	keys(): readonly string[] {
		return [...this.values.keys()];
	}
	get<T>(key: string, defaultValue?: T): T | undefined {
		return this.values.has(key) ? (structuredClone(this.values.get(key)) as T) : defaultValue;
	}
	async update(key: string, value: unknown): Promise<void> {
		if (value === undefined) {
			this.values.delete(key);
		} else {
			this.values.set(key, structuredClone(value));
		}
	}
}

/** SecretStorage as every window sees it: each store or delete fires, as VS Code's does. */
export class FakeWindowSecrets {
	readonly values = new Map<string, string>();
	private readonly listeners = new Set<(key: string) => void>();

	async get(key: string): Promise<string | undefined> {
		return this.values.get(key);
	}
	async store(key: string, value: string): Promise<void> {
		this.values.set(key, value);
		this.fire(key);
	}
	async delete(key: string): Promise<void> {
		this.values.delete(key);
		this.fire(key);
	}
	onDidChange(listener: (key: string) => void): vscode.Disposable {
		this.listeners.add(listener);
		return { dispose: () => this.listeners.delete(listener) };
	}
	private fire(key: string): void {
		for (const l of [...this.listeners]) {
			l(key);
		}
	}
}

export class ManualExpiryClock implements ExpiryClock {
	private listeners: Array<() => void> = [];
	constructor(public time = START) {}
	now(): number {
		return this.time;
	}
	onTick(listener: () => void): { dispose(): void } {
		this.listeners.push(listener);
		return { dispose: () => void (this.listeners = this.listeners.filter((l) => l !== listener)) };
	}
	/** Moves time on and ticks once, as the 30 s interval would. */
	advance(ms: number): void {
		this.time += ms;
		for (const l of [...this.listeners]) {
			l();
		}
	}
	get subscribers(): number {
		return this.listeners.length;
	}
}

export function signInSettings(overrides: Partial<SignInSettings> = {}): SignInSettings {
	return {
		ssoStartUrl: '',
		ssoRegion: '',
		ssoAccountId: '',
		ssoRoleName: '',
		profile: '',
		region: '',
		allowedRoles: [],
		allowedAccounts: [],
		expiryWarningMinutes: 10,
		...overrides,
	};
}
