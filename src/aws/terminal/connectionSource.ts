// What the credential endpoint serves: the window's current Connection through its refreshing
// provider (the one chat uses, so one upstream refresh serves every terminal and chat alike).
import type { Connection } from '../engineTypes';
import { BedrockConnectError } from '../errors';
import type { EndpointCredentialSource } from './credentialEndpoint';

export interface ConnectionSourceInit {
	/** The current sign-in; undefined while signed out. */
	getConnection(): Promise<Connection | undefined>;
	/** bedrockConnect.terminal.shareCredentials, read on each request. */
	shareEnabled(): boolean;
}

export function connectionCredentialSource(init: ConnectionSourceInit): EndpointCredentialSource {
	return async () => {
		if (!init.shareEnabled()) {
			throw new BedrockConnectError('AccessDenied', 'Sharing the editor\'s AWS credentials with terminals is turned off (setting bedrockConnect.terminal.shareCredentials).');
		}
		const connection = await init.getConnection();
		if (!connection) {
			return undefined;
		}
		if (connection.spec.method === 'bedrockApiKey') {
			throw new BedrockConnectError('SignInRequired', 'The editor is signed in with a Bedrock API key, which gives no AWS credentials.', {
				action: 'Open a new terminal: it gets AWS_BEARER_TOKEN_BEDROCK instead.',
			});
		}
		const credentials = await connection.credentials();
		const accountId = connection.currentIdentity?.()?.accountId;
		return { ...credentials, ...(accountId ? { accountId } : {}) };
	};
}
