// The "Bedrock Chat" editor panel: owns the webview and the open conversation, and wires the
// parts together. The host is the source of truth; the webview only renders what it is told
// and sends validated requests back (see messageHandlers.ts). All AWS calls happen host-side.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import { CHAT_VIEW_TYPE, awaitedRequestId, describeRejected, isWebviewToHost, type HostToWebview } from '../../shared/protocol';
import type { SignInAccess } from '../signInAccess';
import type { ChatDependencies } from './chatDependencies';
import { rejectedRequestView } from './chatErrors';
import { buildChatHtml } from './chatHtml';
import type { ChatServices } from './chatServices';
import { ContextMeter } from './contextMeter';
import { ConversationSaver } from './conversationSaver';
import { EditorTracker } from './editorActions';
import type { HistoryStore } from './historyStore';
import { dispatchMessage, messageHandlers, type MessageHandlers, type PanelControls } from './messageHandlers';
import { ModelList } from './modelList';
import { conversationView, emptyConversation, type Conversation } from './panelConversation';
import { PanelTurns } from './panelTurns';
import { WebviewOutbox } from './webviewOutbox';

export interface ChatPanelContext {
	extensionUri: vscode.Uri;
	deps: ChatDependencies;
	history: HistoryStore;
	services: ChatServices;
}

/** What the webview keeps with setState and VS Code hands back to the serializer. */
export interface ChatWebviewState {
	conversationId?: string;
}

export class ChatPanel implements vscode.Disposable, PanelControls {
	private static current: ChatPanel | undefined;

	private conversation: Conversation;
	private readonly disposables: vscode.Disposable[] = [];
	private readonly handlers: MessageHandlers;
	private readonly saver: ConversationSaver;
	private readonly outbox: WebviewOutbox;
	readonly editors = new EditorTracker();
	readonly models: ModelList;
	readonly turns: PanelTurns;
	readonly context: ContextMeter;
	readonly signIn: SignInAccess;

	/** Reveals the open panel or creates one, showing the most recent conversation. */
	static show(ctx: ChatPanelContext): ChatPanel {
		if (ChatPanel.current) {
			ChatPanel.current.panel.reveal();
			return ChatPanel.current;
		}
		const panel = vscode.window.createWebviewPanel(CHAT_VIEW_TYPE, 'Bedrock Chat', vscode.ViewColumn.Beside, ChatPanel.webviewOptions(ctx.extensionUri));
		return new ChatPanel(panel, ctx, ctx.history.mostRecent()?.id);
	}

	/** Called by the WebviewPanelSerializer after a reload. */
	static revive(panel: vscode.WebviewPanel, ctx: ChatPanelContext, state: ChatWebviewState | undefined): ChatPanel {
		ChatPanel.current?.dispose();
		panel.webview.options = ChatPanel.webviewOptions(ctx.extensionUri);
		const id = typeof state?.conversationId === 'string' ? state.conversationId : undefined;
		return new ChatPanel(panel, ctx, id ?? ctx.history.mostRecent()?.id);
	}

	static get instance(): ChatPanel | undefined {
		return ChatPanel.current;
	}

	private static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
		return {
			enableScripts: true,
			enableCommandUris: false,
			enableForms: false,
			localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
		};
	}

	private constructor(
		private readonly panel: vscode.WebviewPanel,
		private readonly ctx: ChatPanelContext,
		conversationId: string | undefined,
	) {
		ChatPanel.current = this;
		this.outbox = new WebviewOutbox((message) => void panel.webview.postMessage(message));
		const { signIn, logger } = ctx.deps;
		const post = (message: HostToWebview) => this.post(message);
		this.signIn = signIn;
		this.saver = new ConversationSaver(ctx.history, post, logger);
		this.models = new ModelList({ signIn, services: ctx.services, logger, post });
		this.turns = new PanelTurns({ signIn, services: ctx.services, logger, saver: this.saver, post, shown: () => this.conversation });
		this.context = new ContextMeter({
			signIn, services: ctx.services, saver: this.saver, post, shown: () => this.conversation,
			showConversation: () => this.post({ type: 'conversation', conversation: conversationView(this.conversation) }),
			busy: () => this.turns.activeRequestIn(this.conversation) !== undefined,
		});
		this.handlers = messageHandlers(this);
		const stored = conversationId ? ctx.history.get(conversationId) : undefined;
		this.conversation = stored ? { id: stored.id, messages: stored.messages } : emptyConversation();
		panel.webview.html = this.html();
		this.disposables.push(
			this.editors,
			panel.onDidDispose(() => this.dispose()),
			panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
			// Without retainContextWhenHidden the page is destroyed when hidden and sends `ready` again.
			panel.onDidChangeViewState(() => {
				if (!panel.visible) {
					this.outbox.close();
				}
			}),
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (e.affectsConfiguration('bedrockConnect.chat.modelId')) {
					void this.models.refresh(false);
				}
			}),
			signIn.onDidChangeConnection(() => void this.models.onConnectionChanged()),
		);
	}

	dispose(): void {
		if (ChatPanel.current === this) {
			ChatPanel.current = undefined;
		}
		this.turns.stopActive();
		this.panel.dispose();
		for (const d of this.disposables.splice(0)) {
			d.dispose();
		}
	}

	reveal(): void {
		this.panel.reveal();
	}

	/** Starts a new, empty conversation (the old one stays in the history). */
	newChat(): void {
		this.turns.stopActive();
		this.conversation = emptyConversation();
		this.post({ type: 'conversation', conversation: conversationView(this.conversation) });
	}

	async onReady(): Promise<void> {
		this.outbox.reopen({
			type: 'init',
			conversation: conversationView(this.conversation),
			conversations: this.ctx.history.list(),
			model: this.models.initialState(),
			activeRequestId: this.turns.activeRequestIn(this.conversation),
		});
		await this.models.refresh(false);
	}

	openConversation(id: string): void {
		if (id === this.conversation.id) {
			// Already open (perhaps streaming): the stored copy would show its reply as interrupted.
			const activeRequestId = this.turns.activeRequestIn(this.conversation);
			this.post({ type: 'conversation', conversation: conversationView(this.conversation), ...(activeRequestId ? { activeRequestId } : {}) });
			return;
		}
		const stored = this.ctx.history.get(id);
		if (!stored) {
			return;
		}
		this.turns.stopActive();
		this.conversation = { id: stored.id, messages: stored.messages };
		this.post({ type: 'conversation', conversation: conversationView(this.conversation) });
	}

	async deleteConversation(id: string): Promise<void> {
		this.turns.stopIn(id);
		await this.saver.delete(id);
		if (this.conversation.id === id) {
			this.newChat();
		}
		this.saver.postHistory();
	}

	/**
	 * Until `ready` (and while hidden) the page cannot receive anything: `init` then carries the
	 * state, and the outbox holds what it does not carry (errors, a prompt to put back).
	 */
	post(message: HostToWebview): void {
		this.outbox.post(message);
	}

	private html(): string {
		const webview = this.panel.webview;
		const asUri = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.ctx.extensionUri, ...path)).toString();
		return buildChatHtml({
			cspSource: webview.cspSource,
			nonce: crypto.randomBytes(16).toString('base64'),
			scriptUri: asUri('dist', 'webview.js'),
			styleUri: asUri('media', 'chat', 'chat.css'),
		});
	}

	private receive(raw: unknown): void {
		if (!isWebviewToHost(raw)) {
			this.ctx.deps.logger.warn(`rejected a malformed message from the webview (${describeRejected(raw)})`);
			// The page waits for an answer to a send or retry: never leave it waiting.
			const requestId = awaitedRequestId(raw);
			if (requestId) {
				this.post({ type: 'error', requestId, error: rejectedRequestView() });
			}
			return;
		}
		dispatchMessage(this.handlers, raw).catch((e: unknown) => {
			this.ctx.deps.logger.error(`handling '${raw.type}' failed: ${e instanceof Error ? e.message : String(e)}`);
		});
	}
}
