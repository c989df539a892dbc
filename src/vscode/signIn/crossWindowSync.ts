// Cross-window sync: the sign-in every window should use, kept as a record in SecretStorage,
// the one store whose change events reach all windows. Each window reads it on start and
// adopts the sign-ins and sign-outs other windows write; its own writes are not news.
import type * as vscode from 'vscode';
import type { SignInSpec } from '../../aws/engineTypes';
import type { VscodeSecretStore } from '../secretStore';
import type { IdentityDisplay } from '../statusFormat';

export const SIGN_IN_RECORD_KEY = 'bedrockConnect.signIn.v1';

export interface SignInRecord {
	version: 1;
	spec: SignInSpec;
	display: IdentityDisplay;
}

/** Called with another window's record, or undefined when another window signed out. */
export type RecordChangedElsewhere = (record: SignInRecord | undefined) => void;

export class CrossWindowSync implements vscode.Disposable {
	/** The record this window last wrote or adopted. */
	private ownJson?: string;
	private readonly subscription: vscode.Disposable;

	constructor(
		private readonly secrets: Pick<VscodeSecretStore, 'get' | 'store' | 'delete' | 'onDidChange'>,
		private readonly changedElsewhere: RecordChangedElsewhere,
	) {
		this.subscription = secrets.onDidChange((key) => key === SIGN_IN_RECORD_KEY && void this.onStoreChanged());
	}

	/** The record as stored now (on start); a valid one counts as this window's. */
	async read(): Promise<SignInRecord | undefined> {
		const raw = await this.secrets.get(SIGN_IN_RECORD_KEY);
		const record = parseRecord(raw);
		if (record) {
			this.ownJson = raw;
		}
		return record;
	}

	/** Makes this sign-in every window's. */
	async write(spec: SignInSpec, display: IdentityDisplay): Promise<void> {
		const json = JSON.stringify({ version: 1, spec, display } satisfies SignInRecord);
		this.ownJson = json;
		await this.secrets.store(SIGN_IN_RECORD_KEY, json);
	}

	/** Signs every window out. */
	async remove(): Promise<void> {
		// Set before the delete: its change event is this window's own news.
		this.ownJson = undefined;
		await this.secrets.delete(SIGN_IN_RECORD_KEY);
	}

	dispose(): void {
		this.subscription.dispose();
	}

	private async onStoreChanged(): Promise<void> {
		const raw = await this.secrets.get(SIGN_IN_RECORD_KEY);
		if (raw === this.ownJson) {
			return;
		}
		this.ownJson = raw;
		this.changedElsewhere(parseRecord(raw));
	}
}

export function parseRecord(raw: string | undefined): SignInRecord | undefined {
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
