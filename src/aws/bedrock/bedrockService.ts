import type { BedrockService, BedrockServiceDeps } from './api';
import { BedrockConnectError } from '../errors';

export function createBedrockService(_deps: BedrockServiceDeps): BedrockService {
	throw new BedrockConnectError('Unknown', 'The Bedrock service is not built yet.');
}
