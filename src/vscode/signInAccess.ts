// What the rest of the VS Code layer (the chat panel above all) may ask of the sign-in
// layer. Implemented by the SignInManager in src/vscode/signInManager.ts.
import type * as vscode from 'vscode';
import type { Connection } from '../aws/engineTypes';

export interface SignInAccess {
	/** The current sign-in, restoring the persisted one on first call; undefined when signed out. */
	getConnection(): Promise<Connection | undefined>;
	/** Fires when the user signs in, out, switches role/region, or credentials change state. */
	readonly onDidChangeConnection: vscode.Event<void>;
	/** Runs the "AWS: Sign In…" flow; resolves to the new Connection, or undefined if the user cancelled. */
	signIn(): Promise<Connection | undefined>;
}
