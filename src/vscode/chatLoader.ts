// Loads dist/chat.js (the chat host: panel, turns, history, model list, protocol guards) the
// first time the chat is opened or restored, so that activation does not parse it.
// esbuild leaves this require alone (see esbuild.mjs), like engineLoader's.
import type * as ChatModule from './chat/chatBundle';
import { lazyBundle } from './lazyBundle';

export type ChatModuleType = typeof ChatModule;

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const loadChatModule = lazyBundle(() => require('./chat.js') as ChatModuleType);
