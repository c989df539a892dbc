// Loads dist/chat.js (the chat host: panel, turns, history, model list, protocol guards) the
// first time the chat is opened or restored, so that activation does not parse it.
// esbuild leaves this require alone (see esbuild.mjs), like engineLoader's.
import type * as ChatModule from './chat/chatBundle';

export type ChatModuleType = typeof ChatModule;

let loading: Promise<ChatModuleType> | undefined;

export function loadChatModule(): Promise<ChatModuleType> {
	loading ??= Promise.resolve()
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		.then(() => require('./chat.js') as ChatModuleType)
		.catch((e: unknown) => {
			loading = undefined; // let the next use try again
			throw e;
		});
	return loading;
}
