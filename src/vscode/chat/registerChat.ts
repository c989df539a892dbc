// Registers the chat's commands and the panel serializer that brings "Bedrock Chat" back
// after a window reload. Called once from activate(); nothing here touches the network.
import * as vscode from 'vscode';
import { CHAT_VIEW_TYPE } from '../../shared/protocol';
import type { ChatDependencies } from './chatDependencies';
import { ChatPanel, type ChatPanelContext, type ChatWebviewState } from './chatPanel';
import { ChatServices } from './chatServices';
import { HistoryStore } from './historyStore';
import { pickModel, trackModelSetting } from './modelPicker';

export function registerChat(context: vscode.ExtensionContext, deps: ChatDependencies): void {
	const services = new ChatServices(deps);
	const ctx: ChatPanelContext = {
		extensionUri: context.extensionUri,
		deps,
		history: new HistoryStore(context.workspaceState),
		services,
	};
	context.subscriptions.push(
		// Registered before the panel's own listener, so the panel reads the new value.
		trackModelSetting(),
		{ dispose: () => services.dispose() },
		{ dispose: () => ChatPanel.instance?.dispose() },
		vscode.commands.registerCommand('bedrockConnect.openChat', () => {
			ChatPanel.show(ctx);
		}),
		vscode.commands.registerCommand('bedrockConnect.newChat', () => {
			ChatPanel.show(ctx).newChat();
		}),
		vscode.commands.registerCommand('bedrockConnect.selectModel', async () => {
			const connection = await deps.signIn.getConnection().catch(() => undefined);
			return pickModel(connection ? services.catalogue(connection) : undefined);
		}),
		vscode.window.registerWebviewPanelSerializer(CHAT_VIEW_TYPE, {
			async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
				ChatPanel.revive(panel, ctx, (state ?? undefined) as ChatWebviewState | undefined);
			},
		}),
	);
}
