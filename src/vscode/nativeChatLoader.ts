// Loads dist/nativeChat.js (the Chat view's provider and participant) on first use, so that
// activation only registers them. esbuild leaves this require alone (see esbuild.mjs).
import type * as NativeChatModule from './nativeChat/nativeChatBundle';

export type NativeChatModuleType = typeof NativeChatModule;

let loading: Promise<NativeChatModuleType> | undefined;

export function loadNativeChatModule(): Promise<NativeChatModuleType> {
	loading ??= Promise.resolve()
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		.then(() => require('./nativeChat.js') as NativeChatModuleType)
		.catch((e: unknown) => {
			loading = undefined; // let the next use try again
			throw e;
		});
	return loading;
}
