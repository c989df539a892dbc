// Entry of dist/chat.js, the chat host loaded on first use by src/vscode/chatLoader.ts: the
// panel, its turns, the history, the model list and the webview protocol. registerChat (in the
// activation bundle) creates one host when a chat command or the panel serializer first runs.
import type * as vscode from 'vscode';
import type { ChatDependencies } from './chatDependencies';
import { ChatPanel, type ChatPanelContext, type ChatWebviewState } from './chatPanel';
import { ChatServices } from './chatServices';
import { HistoryStore } from './historyStore';
import { pickModel, trackModelSetting } from './modelPicker';

export interface ChatHost extends vscode.Disposable {
	/** bedrockConnect.openChat: reveals the panel or creates it. */
	open(): void;
	/** bedrockConnect.newChat */
	newChat(): void;
	/** bedrockConnect.selectModel: resolves to the chosen id, or undefined when cancelled. */
	selectModel(): Promise<string | undefined>;
	/** The WebviewPanelSerializer's deserializeWebviewPanel, after a window reload. */
	deserialize(panel: vscode.WebviewPanel, state: unknown): void;
}

export function createChatHost(context: vscode.ExtensionContext, deps: ChatDependencies): ChatHost {
	// Registered before any panel's own configuration listener, so the panel reads the new value.
	// (Only this bundle writes the model setting, so tracking needs to start no earlier.)
	const tracking = trackModelSetting();
	const services = new ChatServices(deps);
	const ctx: ChatPanelContext = {
		extensionUri: context.extensionUri,
		deps,
		history: new HistoryStore(context.workspaceState),
		services,
	};
	return {
		open: () => {
			ChatPanel.show(ctx);
		},
		newChat: () => {
			ChatPanel.show(ctx).newChat();
		},
		selectModel: async () => {
			const connection = await deps.signIn.getConnection().catch(() => undefined);
			return pickModel(connection ? services.catalogue(connection) : undefined);
		},
		deserialize: (panel, state) => {
			ChatPanel.revive(panel, ctx, (state ?? undefined) as ChatWebviewState | undefined);
		},
		dispose: () => {
			ChatPanel.instance?.dispose();
			services.dispose();
			tracking.dispose();
		},
	};
}
