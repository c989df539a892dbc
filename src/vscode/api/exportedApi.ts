// The API other extensions get from `exports` (typed in api/bedrock-connect.d.ts): the current
// sign-in's refreshing credentials and identity, after the user allowed the calling extension.
import type { BedrockConnectApi, BedrockConnectCredentialProvider, BedrockConnectIdentity } from '../../../api/bedrock-connect';
import { BedrockConnectError } from '../../aws/errors';
import type { SignInAccess } from '../signInAccess';
import type { CredentialAccess } from './credentialAccess';

export interface ExportedApiDeps {
	signIn: Pick<SignInAccess, 'getConnection' | 'onDidChangeConnection'>;
	access: Pick<CredentialAccess, 'require'>;
	/** The calling extension's id, read from the stack: called synchronously on entry, while the caller is on it. */
	caller(): string | undefined;
}

const signedOut = (): BedrockConnectError =>
	new BedrockConnectError('SignInRequired', 'The editor is not signed in to AWS with credentials.', { action: 'Run "AWS: Sign In…" in the editor.' });

export function createExportedApi(deps: ExportedApiDeps): BedrockConnectApi {
	return {
		getCredentials(): BedrockConnectCredentialProvider {
			const caller = deps.caller();
			return async () => {
				await deps.access.require(caller);
				const connection = await deps.signIn.getConnection();
				if (!connection || connection.spec.method === 'bedrockApiKey') {
					throw signedOut();
				}
				// The Connection's refreshing provider: the same one chat and terminals use.
				const credentials = await connection.credentials();
				const accountId = connection.currentIdentity?.()?.accountId;
				return {
					accessKeyId: credentials.accessKeyId,
					secretAccessKey: credentials.secretAccessKey,
					...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
					expiration: credentials.expiration,
					...(accountId ? { accountId } : {}),
				};
			};
		},
		getIdentity(): Promise<BedrockConnectIdentity | undefined> {
			const caller = deps.caller();
			return (async () => {
				await deps.access.require(caller);
				const connection = await deps.signIn.getConnection();
				if (!connection || connection.spec.method === 'bedrockApiKey') {
					return undefined;
				}
				const identity = connection.currentIdentity?.() ?? (await connection.getIdentity());
				return { arn: identity.arn, accountId: identity.accountId, region: connection.region, method: connection.spec.method };
			})();
		},
		onDidChange: (listener) => deps.signIn.onDidChangeConnection(() => listener()),
	};
}
