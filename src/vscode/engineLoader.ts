// Loads dist/engine.js (the AWS SDK and the credential engine) on first use, so that
// activation never pays for the SDK. esbuild leaves this require alone (see esbuild.mjs).
import type * as EngineModule from '../aws/engineBundle';

export type EngineModuleType = typeof EngineModule;

let loading: Promise<EngineModuleType> | undefined;

export function loadEngineModule(): Promise<EngineModuleType> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	loading ??= Promise.resolve().then(() => require('./engine.js') as EngineModuleType);
	return loading;
}
