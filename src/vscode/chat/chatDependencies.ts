// What the chat needs from the rest of the extension: the sign-in it may ask for a Connection,
// the lazily loaded engine (AWS SDK inside) and a logger. Built once in activate().
import type { Logger } from '../../aws/ports';
import type { EngineModuleType } from '../engineLoader';
import type { SignInAccess } from '../signInAccess';

export interface ChatDependencies {
	signIn: SignInAccess;
	loadEngine: () => Promise<EngineModuleType>;
	logger: Logger;
}
