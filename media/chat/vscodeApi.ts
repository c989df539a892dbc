// The one handle the page has on its host: postMessage plus VS Code's per-panel state store.
import type { ContextAttachment, WebviewToHost } from '../../src/shared/protocol';

/** What the page remembers across being hidden and across window reloads (via the serializer). */
export interface PageState {
	conversationId?: string;
	draft?: string;
	attachments?: ContextAttachment[];
	historyOpen?: boolean;
}

interface VsCodeApi {
	postMessage(message: WebviewToHost): void;
	getState(): PageState | undefined;
	setState(state: PageState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: WebviewToHost): void {
	api.postMessage(message);
}

export function loadState(): PageState {
	return api.getState() ?? {};
}

export function saveState(patch: Partial<PageState>): void {
	api.setState({ ...loadState(), ...patch });
}
