// The engine's entry for terminal sharing: a credential endpoint serving the current Connection.
import type { Logger } from '../ports';
import { startCredentialEndpoint, type CredentialEndpoint } from './credentialEndpoint';
import { connectionCredentialSource, type ConnectionSourceInit } from './connectionSource';

export interface TerminalEndpointOptions extends ConnectionSourceInit {
	logger: Logger;
}

export function startTerminalEndpoint(options: TerminalEndpointOptions): Promise<CredentialEndpoint> {
	return startCredentialEndpoint({ source: connectionCredentialSource(options), logger: options.logger });
}
