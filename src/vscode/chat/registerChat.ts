// Registers the chat's commands and the panel serializer that brings "Bedrock Chat" back
// after a window reload. Called once from activate(); nothing here touches the network.
// The chat host itself lives in dist/chat.js (src/vscode/chat/chatBundle.ts): each command
// and the serializer load it on first use through chatLoader, so activation never parses it.
import * as vscode from 'vscode';
import { CHAT_VIEW_TYPE } from '../../shared/chatViewType';
import { loadChatModule } from '../chatLoader';
import { presentError } from '../errorPresenter';
import type { ChatDependencies } from './chatDependencies';
import type { ChatHost } from './chatBundle';

export function registerChat(context: vscode.ExtensionContext, deps: ChatDependencies, showLog: () => void = () => undefined): void {
	let host: Promise<ChatHost> | undefined;
	const getHost = (): Promise<ChatHost> => {
		host ??= loadChatModule()
			.then((module) => module.createChatHost(context, deps))
			.catch((e: unknown) => {
				host = undefined; // let the next use try again
				throw e;
			});
		return host;
	};
	/** Runs `use` on the loaded host; a failure to load is shown to the user, never rethrown into VS Code. */
	const withHost = async <T>(what: string, use: (loaded: ChatHost) => T | Promise<T>): Promise<T | undefined> => {
		let loaded: ChatHost;
		try {
			loaded = await getHost();
		} catch (e) {
			presentError(e, { logger: deps.logger, showLog }, what);
			return undefined;
		}
		return use(loaded);
	};
	context.subscriptions.push(
		{ dispose: () => void host?.then((loaded) => loaded.dispose(), () => undefined) },
		vscode.commands.registerCommand('bedrockConnect.openChat', () => withHost('opening the chat', (h) => h.open())),
		vscode.commands.registerCommand('bedrockConnect.newChat', () => withHost('starting a new chat', (h) => h.newChat())),
		vscode.commands.registerCommand('bedrockConnect.selectModel', () => withHost('choosing a model', (h) => h.selectModel())),
		vscode.window.registerWebviewPanelSerializer(CHAT_VIEW_TYPE, {
			async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
				const restored = await withHost('restoring the chat panel', (h) => {
					h.deserialize(panel, state);
					return true;
				});
				if (!restored) {
					panel.dispose(); // without the host the restored panel would stay blank
				}
			},
		}),
	);
}
