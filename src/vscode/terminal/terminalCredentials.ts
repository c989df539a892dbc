// Gives new terminals and tasks the editor's sign-in through the environment variable
// collection: the credential endpoint's URL and token (started on first need, in the lazily
// loaded engine) or, for a Bedrock API key, the key itself. Follows sign-in, sign-out, switch,
// region and the setting; VS Code shows existing terminals a "relaunch" indicator on a change.
import * as vscode from 'vscode';
import type { DiagnosisFinding, Engine } from '../../aws/engineTypes';
import type { Logger } from '../../aws/ports';
import type { CredentialEndpoint } from '../../aws/terminal/credentialEndpoint';
import type { TerminalEndpointOptions } from '../../aws/terminal/terminalEndpoint';
import type { SignInAccess } from '../signInAccess';
import { explainTerminalIdentity, terminalVariables, type TerminalShare } from './terminalEnvironment';

export interface TerminalCredentialsDeps {
	collection: Pick<vscode.GlobalEnvironmentVariableCollection, 'replace' | 'clear' | 'persistent' | 'description'>;
	signIn: Pick<SignInAccess, 'getConnection' | 'onDidChangeConnection'>;
	/** bedrockConnect.terminal.shareCredentials, read on each use. */
	shareEnabled(): boolean;
	startEndpoint(options: TerminalEndpointOptions): Promise<CredentialEndpoint>;
	logger: Logger;
}

export const COLLECTION_DESCRIPTION =
	'Bedrock Connect: AWS credentials of the editor\'s sign-in (a credential endpoint on 127.0.0.1 that renews them, or the Bedrock API key) and its region. Turn off with the setting bedrockConnect.terminal.shareCredentials.';

export class TerminalCredentials implements vscode.Disposable {
	private endpoint?: Promise<CredentialEndpoint>;
	private applied = '';
	private updating: Promise<void> = Promise.resolve();
	private readonly subscription: vscode.Disposable;
	private disposed = false;

	constructor(private readonly deps: TerminalCredentialsDeps) {
		// Not persisted: the endpoint and its token live only as long as this window's extension host.
		deps.collection.persistent = false;
		deps.collection.description = COLLECTION_DESCRIPTION;
		this.subscription = deps.signIn.onDidChangeConnection(() => void this.update());
	}

	/** Recomputes what new terminals get; calls are serialized, and an unchanged result changes nothing. */
	update(): Promise<void> {
		this.updating = this.updating.then(() => this.apply()).catch((error: unknown) => this.deps.logger.warn('could not update the terminal environment:', error));
		return this.updating;
	}

	/** What new terminals get now (for Diagnose). */
	async currentShare(): Promise<TerminalShare> {
		if (!this.deps.shareEnabled()) {
			return { kind: 'none', reason: 'settingOff' };
		}
		const connection = await this.deps.signIn.getConnection();
		if (!connection) {
			return { kind: 'none', reason: 'signedOut' };
		}
		if (connection.spec.method === 'bedrockApiKey') {
			const bearer = await connection.bearerToken?.();
			return bearer ? { kind: 'bearer', token: bearer.token, region: connection.region } : { kind: 'none', reason: 'signedOut' };
		}
		const endpoint = await this.ensureEndpoint();
		return { kind: 'endpoint', url: endpoint.url, token: endpoint.token, region: connection.region };
	}

	/** Diagnose's finding: which identity `aws` or an SDK in a new terminal uses, and why. */
	async explain(engine: Pick<Engine, 'listProfiles'>, env: NodeJS.ProcessEnv = process.env): Promise<DiagnosisFinding> {
		const [share, profiles, connection] = await Promise.all([this.currentShare(), engine.listProfiles().catch(() => []), this.deps.signIn.getConnection()]);
		const signedInAs = connection?.currentIdentity?.()?.arn;
		return { source: 'Terminals and tasks', ...explainTerminalIdentity({ share, env, profiles, ...(signedInAs ? { signedInAs } : {}) }) };
	}

	private async apply(): Promise<void> {
		if (this.disposed) {
			return;
		}
		const variables = terminalVariables(await this.currentShare());
		const key = JSON.stringify(variables);
		if (key === this.applied || this.disposed) {
			return;
		}
		this.applied = key;
		this.deps.collection.clear();
		for (const [name, value] of variables) {
			this.deps.collection.replace(name, value);
		}
		this.deps.logger.info(variables.length ? `new terminals get: ${variables.filter(([, v]) => v !== '').map(([n]) => n).join(', ')}` : 'new terminals get no AWS variables');
	}

	/** Started on first need and kept while the window lives: a terminal opened earlier still gets a clear answer after sign-out. */
	private ensureEndpoint(): Promise<CredentialEndpoint> {
		this.endpoint ??= this.deps.startEndpoint({ getConnection: () => this.deps.signIn.getConnection(), shareEnabled: this.deps.shareEnabled, logger: this.deps.logger }).catch((error: unknown) => {
			this.endpoint = undefined;
			throw error;
		});
		return this.endpoint;
	}

	dispose(): void {
		this.disposed = true;
		this.subscription.dispose();
		this.deps.collection.clear();
		void this.endpoint?.then((e) => e.close(), () => undefined);
	}
}
