import type { Engine, EngineDeps } from './api';
import { BedrockConnectError } from './errors';

export function createEngine(_deps: EngineDeps): Engine {
	throw new BedrockConnectError('Unknown', 'The credential engine is not built yet.');
}
