// AuthenticationProvider `aws`: puts the current sign-in in VS Code's Accounts menu, with
// sign-out there too. The AuthenticationSession's "accessToken" is the identity ARN: AWS credentials
// never leave this extension, not even to other extensions asking for the session.
import * as vscode from 'vscode';
import type { SignInManager } from './signInManager';

export const AUTH_PROVIDER_ID = 'aws';

export class AwsAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
	readonly onDidChangeSessions = this.changed.event;
	private current?: vscode.AuthenticationSession;
	private readonly disposables: vscode.Disposable[];

	constructor(
		private readonly signInManager: SignInManager,
		private readonly signOut: () => Thenable<unknown>,
	) {
		this.current = this.fromSnapshot();
		this.disposables = [
			this.changed,
			vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'AWS', this, { supportsMultipleAccounts: false }),
			signInManager.onDidChangeConnection(() => this.sync()),
		];
	}

	/** VS Code calls this for the Accounts menu and for extensions asking for an `aws` session. */
	async getSessions(): Promise<vscode.AuthenticationSession[]> {
		return this.current ? [this.current] : [];
	}

	/** VS Code calls this when the user (or an extension, with consent) asks to sign in. */
	async createSession(): Promise<vscode.AuthenticationSession> {
		await this.signInManager.signIn();
		this.sync();
		if (!this.current) {
			throw new Error('Cancelled');
		}
		return this.current;
	}

	/** "Sign Out" in the Accounts menu. */
	async removeSession(): Promise<void> {
		await this.signOut();
	}

	private sync(): void {
		const next = this.fromSnapshot();
		const previous = this.current;
		if (previous?.id === next?.id && previous?.account.label === next?.account.label) {
			return;
		}
		this.current = next;
		if (previous && next && previous.id === next.id) {
			this.changed.fire({ added: [], removed: [], changed: [next] });
		} else {
			this.changed.fire({ added: next ? [next] : [], removed: previous ? [previous] : [], changed: [] });
		}
	}

	private fromSnapshot(): vscode.AuthenticationSession | undefined {
		const { display, state } = this.signInManager.snapshot;
		if (!display || state === 'signedOut' || state === 'signingIn') {
			return this.current && state === 'signingIn' ? this.current : undefined;
		}
		const id = display.arn ?? `${display.method}:${display.name}:${display.accountId}`;
		return {
			id,
			accessToken: id,
			account: { id, label: `${display.name} · ${display.accountName || display.accountId || display.methodLabel}` },
			scopes: [],
		};
	}

	dispose(): void {
		for (const d of this.disposables) {
			d.dispose();
		}
	}
}
