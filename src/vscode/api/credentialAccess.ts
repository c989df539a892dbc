// Which other extensions the user allowed to use the sign-in's credentials. globalState holds
// only extension ids and the decision; the question is asked once per extension (one prompt
// however many calls arrive meanwhile), and "AWS: Manage Extension Access to Credentials…" forgets.
import type * as vscode from 'vscode';
import { BedrockConnectError } from '../../aws/errors';

export type AccessDecision = 'allowed' | 'denied';

const STATE_KEY = 'bedrockConnect.credentialAccess';

export interface CredentialAccessDeps {
	globalState: Pick<vscode.Memento, 'get' | 'update'>;
	/** Asks the user; undefined when the question was dismissed (asked again next time). */
	ask(extensionId: string): Promise<AccessDecision | undefined>;
}

export class CredentialAccess {
	private readonly pending = new Map<string, Promise<AccessDecision | undefined>>();

	constructor(private readonly deps: CredentialAccessDeps) {}

	decisions(): Record<string, AccessDecision> {
		const stored = this.deps.globalState.get<unknown>(STATE_KEY);
		const out: Record<string, AccessDecision> = {};
		if (stored && typeof stored === 'object') {
			for (const [id, decision] of Object.entries(stored)) {
				if (decision === 'allowed' || decision === 'denied') {
					out[id] = decision;
				}
			}
		}
		return out;
	}

	/** Resolves when `extensionId` may use the credentials; throws AccessDenied otherwise. */
	async require(extensionId: string | undefined): Promise<void> {
		if (!extensionId) {
			throw new BedrockConnectError('AccessDenied', 'Bedrock Connect could not tell which extension asked for AWS credentials, so it refused.', {
				action: 'Call the API from your extension\'s own code (not from evaluated or generated code).',
			});
		}
		const decision = this.decisions()[extensionId] ?? (await this.askOnce(extensionId));
		if (decision !== 'allowed') {
			throw new BedrockConnectError('AccessDenied', `The extension ${extensionId} is not allowed to use your AWS credentials.`, {
				action: 'Allow it with "AWS: Manage Extension Access to Credentials…", or when it asks again.',
			});
		}
	}

	/** Forgets the decisions for these extensions: they are asked again on their next call. */
	async forget(extensionIds: string[]): Promise<void> {
		const remaining = this.decisions();
		for (const id of extensionIds) {
			delete remaining[id];
		}
		await this.deps.globalState.update(STATE_KEY, remaining);
	}

	private askOnce(extensionId: string): Promise<AccessDecision | undefined> {
		let asking = this.pending.get(extensionId);
		if (!asking) {
			asking = this.deps
				.ask(extensionId)
				.then(async (decision) => {
					if (decision) {
						await this.deps.globalState.update(STATE_KEY, { ...this.decisions(), [extensionId]: decision });
					}
					return decision;
				})
				.finally(() => this.pending.delete(extensionId));
			this.pending.set(extensionId, asking);
		}
		return asking;
	}
}
