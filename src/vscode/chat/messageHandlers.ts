// What the host does for each message from the webview: one handler per message type, so a
// new message is one entry here (and its shape in src/shared/protocol.ts). Messages arrive
// already validated by isWebviewToHost.
import * as vscode from 'vscode';
import type { HostToWebview, WebviewToHost } from '../../shared/protocol';
import type { SignInAccess } from '../signInAccess';
import { copyToClipboard, insertAtCursor, openInNewEditor, openLinkWithConsent, readContext, type EditorTracker } from './editorActions';
import type { ContextMeter } from './contextMeter';
import type { ModelList } from './modelList';
import type { PanelTurns } from './panelTurns';

/** The parts of the panel the handlers use. */
export interface PanelControls {
	/** The page (re)started: send it the whole state. */
	onReady(): Promise<void>;
	newChat(): void;
	openConversation(conversationId: string): void;
	deleteConversation(conversationId: string): Promise<void>;
	post(message: HostToWebview): void;
	readonly turns: PanelTurns;
	readonly context: ContextMeter;
	readonly models: ModelList;
	readonly editors: EditorTracker;
	readonly signIn: SignInAccess;
}

type Handler<T extends WebviewToHost['type']> = (message: Extract<WebviewToHost, { type: T }>) => void | PromiseLike<unknown>;
export type MessageHandlers = { [T in WebviewToHost['type']]: Handler<T> };

export function messageHandlers(panel: PanelControls): MessageHandlers {
	return {
		ready: () => panel.onReady(),
		send: (m) => panel.turns.send(m.requestId, m.text, m.context, m.media ?? []),
		retry: (m) => panel.turns.retry(m.requestId),
		stop: (m) => panel.turns.stop(m.requestId),
		newChat: () => panel.newChat(),
		openConversation: (m) => panel.openConversation(m.conversationId),
		deleteConversation: (m) => panel.deleteConversation(m.conversationId),
		selectModel: (m) => panel.models.select(m.modelId),
		pickModel: () => panel.models.pick(),
		refreshModels: () => panel.models.refresh(true),
		addContext: (m) => {
			const attachment = readContext(panel.editors.editor, m.kind);
			if (typeof attachment === 'string') {
				void vscode.window.showInformationMessage(attachment);
			} else {
				panel.post({ type: 'contextAdded', attachment });
			}
		},
		signIn: async () => {
			const connection = await panel.signIn.signIn();
			if (connection) {
				panel.post({ type: 'signedIn' });
				await panel.models.refresh(false);
			}
		},
		openSettings: () => vscode.commands.executeCommand('workbench.action.openSettings', 'bedrockConnect.chat'),
		copy: (m) => copyToClipboard(m.text),
		insertCode: (m) => insertAtCursor(panel.editors.editor, m.code),
		openCode: (m) => openInNewEditor(m.code, m.language),
		openLink: (m) => openLinkWithConsent(m.href),
		countTokens: (m) => panel.context.count(m.draft),
		dropOldestTurn: () => panel.context.dropOldestTurn(),
		dropAttachments: (m) => panel.context.dropAttachments(m.draft),
	};
}

/** Runs the handler for `message`; a handler's failure comes back as a rejection. */
export async function dispatchMessage(handlers: MessageHandlers, message: WebviewToHost): Promise<void> {
	const handler = handlers[message.type] as (m: WebviewToHost) => void | PromiseLike<unknown>;
	await handler(message);
}
