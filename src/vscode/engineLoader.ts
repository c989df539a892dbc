// Loads dist/engine.js (the AWS SDK and the credential engine) on first use, so that
// activation never pays for the SDK. esbuild leaves this require alone (see esbuild.mjs).
import type * as EngineModule from '../aws/engineBundle';
import { lazyBundle } from './lazyBundle';

export type EngineModuleType = typeof EngineModule;

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const loadEngineModule = lazyBundle(() => require('./engine.js') as EngineModuleType);
