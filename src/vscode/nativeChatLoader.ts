// Loads dist/nativeChat.js (the Chat view's provider and participant) on first use, so that
// activation only registers them. esbuild leaves this require alone (see esbuild.mjs).
import type * as NativeChatModule from './nativeChat/nativeChatBundle';
import { lazyBundle } from './lazyBundle';

export type NativeChatModuleType = typeof NativeChatModule;

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const loadNativeChatModule = lazyBundle(() => require('./nativeChat.js') as NativeChatModuleType);
