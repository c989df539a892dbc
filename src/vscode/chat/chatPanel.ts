// The "Bedrock Chat" editor panel: owns the webview, the open conversation and the one reply
// that may be streaming. The host is the source of truth; the webview only renders what it
// is told and sends validated requests back. All AWS calls happen here, never in the page.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { Connection } from '../../aws/engineTypes';
import type { ConverseRequest, StreamEvent } from '../../aws/bedrock/bedrockTypes';
import { isBedrockConnectError, isCancellation } from '../../aws/errors';
import {
	CHAT_VIEW_TYPE,
	awaitedRequestId,
	describeRejected,
	isWebviewToHost,
	newId,
	type ChatMessage,
	type ContextAttachment,
	type HostToWebview,
	type WebviewToHost,
} from '../../shared/protocol';
import type { ChatDeps } from '../signInAccess';
import { buildChatHtml } from './chatHtml';
import { busyView, nothingToRetryView, noModelView, rejectedRequestView, retryingText, signInRequiredView, toErrorView } from './chatErrors';
import type { ChatServices } from './chatServices';
import { toChatTurns } from './conversationRequest';
import { copyToClipboard, EditorTracker, insertAtCursor, openInNewEditor, openLinkWithConsent, readContext } from './editorActions';
import type { HistoryStore } from './historyStore';
import { DeltaBatcher } from './deltaBatcher';
import { ThrottledSave } from './replyPersistence';
import { toModelState } from './modelChoices';
import { configuredModelId, pickModel, rememberModelId } from './modelPicker';

export interface ChatPanelContext {
	extensionUri: vscode.Uri;
	deps: ChatDeps;
	history: HistoryStore;
	services: ChatServices;
}

/** What the webview keeps with setState and VS Code hands back to the serializer. */
export interface ChatWebviewState {
	conversationId?: string;
}

interface Conversation {
	id: string;
	messages: ChatMessage[];
}

interface ActiveReply {
	requestId: string;
	controller: AbortController;
	conversation: Conversation;
}

function emptyConversation(): Conversation {
	return { id: newId(), messages: [] };
}

export class ChatPanel implements vscode.Disposable {
	private static current: ChatPanel | undefined;

	private ready = false;
	private conversation: Conversation;
	private active: ActiveReply | undefined;
	private modelsLoad = 0;
	private readonly disposables: vscode.Disposable[] = [];
	private readonly editors = new EditorTracker();

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
					this.ready = false;
				}
			}),
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (e.affectsConfiguration('bedrockConnect.chat.modelId')) {
					void this.refreshModels(false);
				}
			}),
			ctx.deps.sessions.onDidChangeConnection(() => void this.onSessionChanged()),
		);
	}

	dispose(): void {
		if (ChatPanel.current === this) {
			ChatPanel.current = undefined;
		}
		this.active?.controller.abort();
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
		this.stopActive();
		this.conversation = emptyConversation();
		this.post({ type: 'conversation', conversation: this.view(this.conversation) });
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

	/**
	 * Until `ready` the page cannot receive anything; `init` then carries the whole state
	 * (including the text of a reply still streaming), so earlier updates need no queue.
	 */
	private post(message: HostToWebview): void {
		if (this.ready) {
			void this.panel.webview.postMessage(message);
		}
	}

	private view(conversation: Conversation) {
		return { id: conversation.id, title: '', messages: conversation.messages };
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
		this.dispatch(raw).catch((e: unknown) => {
			this.ctx.deps.logger.error(`handling '${raw.type}' failed: ${e instanceof Error ? e.message : String(e)}`);
		});
	}

	private async dispatch(message: WebviewToHost): Promise<void> {
		switch (message.type) {
			case 'ready':
				this.ready = true;
				this.post({
					type: 'init',
					conversation: this.view(this.conversation),
					conversations: this.ctx.history.list(),
					model: toModelState(configuredModelId(), { loading: true }),
					activeRequestId: this.active?.conversation === this.conversation ? this.active.requestId : undefined,
				});
				await this.refreshModels(false);
				return;
			case 'send':
				return this.send(message.requestId, message.text, message.context);
			case 'retry':
				return this.retry(message.requestId);
			case 'stop':
				if (this.active?.requestId === message.requestId) {
					this.active.controller.abort();
				}
				return;
			case 'newChat':
				return this.newChat();
			case 'openConversation':
				return this.openConversation(message.conversationId);
			case 'deleteConversation':
				await this.ctx.history.delete(message.conversationId);
				if (this.conversation.id === message.conversationId) {
					this.newChat();
				}
				this.post({ type: 'history', conversations: this.ctx.history.list() });
				return;
			case 'selectModel':
				await rememberModelId(message.modelId);
				return;
			case 'pickModel':
				await this.pickModel();
				return;
			case 'refreshModels':
				return this.refreshModels(true);
			case 'addContext': {
				const attachment = readContext(this.editors.editor, message.kind);
				if (typeof attachment === 'string') {
					void vscode.window.showInformationMessage(attachment);
				} else {
					this.post({ type: 'contextAdded', attachment });
				}
				return;
			}
			case 'signIn': {
				const session = await this.ctx.deps.sessions.signIn();
				if (session) {
					this.post({ type: 'signedIn' });
					await this.refreshModels(false);
				}
				return;
			}
			case 'openSettings':
				await vscode.commands.executeCommand('workbench.action.openSettings', 'bedrockConnect.chat');
				return;
			case 'copy':
				return copyToClipboard(message.text);
			case 'insertCode':
				return insertAtCursor(this.editors.editor, message.code);
			case 'openCode':
				return openInNewEditor(message.code, message.language);
			case 'openLink':
				return openLinkWithConsent(message.href);
		}
	}

	private openConversation(id: string): void {
		if (id === this.conversation.id) {
			// Already open (perhaps streaming): the stored copy would show its reply as interrupted.
			const activeRequestId = this.active?.conversation === this.conversation ? this.active.requestId : undefined;
			this.post({ type: 'conversation', conversation: this.view(this.conversation), ...(activeRequestId ? { activeRequestId } : {}) });
			return;
		}
		const stored = this.ctx.history.get(id);
		if (!stored) {
			return;
		}
		this.stopActive();
		this.conversation = { id: stored.id, messages: stored.messages };
		this.post({ type: 'conversation', conversation: this.view(this.conversation) });
	}

	private stopActive(): void {
		this.active?.controller.abort();
	}

	private async pickModel(): Promise<string | undefined> {
		const session = await this.ctx.deps.sessions.getConnection();
		return pickModel(session ? this.ctx.services.catalogue(session) : undefined);
	}

	private async onSessionChanged(): Promise<void> {
		const session = await this.ctx.deps.sessions.getConnection();
		if (this.ctx.services.isStale(session)) {
			await this.refreshModels(false);
		}
	}

	/** Posts the model picker's state; loads the catalogue when signed in. Later loads win over earlier ones. */
	private async refreshModels(force: boolean): Promise<void> {
		const load = ++this.modelsLoad;
		const selected = configuredModelId();
		const session = await this.ctx.deps.sessions.getConnection().catch(() => undefined);
		if (!session) {
			this.post({ type: 'models', model: toModelState(selected, { error: 'Sign in to AWS to list the models of your region.' }) });
			return;
		}
		this.post({ type: 'models', model: toModelState(selected, { loading: true }) });
		try {
			const catalogue = await this.ctx.services.catalogue(session, force);
			if (load === this.modelsLoad) {
				this.post({ type: 'models', model: toModelState(configuredModelId(), { catalogue }) });
			}
		} catch (e) {
			const error = isBedrockConnectError(e) ? `${e.message}${e.action ? ` ${e.action}` : ''}` : 'The model list could not be loaded.';
			this.ctx.deps.logger.warn(`listing models failed: ${isBedrockConnectError(e) ? e.code : 'unexpected error'}`);
			if (load === this.modelsLoad) {
				this.post({ type: 'models', model: toModelState(configuredModelId(), { error }) });
			}
		}
	}

	/** Connection and model, asking for the model if none is set; posts the banner and returns undefined when missing. */
	private async prerequisites(requestId: string): Promise<{ session: Connection; modelId: string } | undefined> {
		const session = await this.ctx.deps.sessions.getConnection().catch(() => undefined);
		if (!session) {
			this.post({ type: 'error', requestId, error: signInRequiredView() });
			return undefined;
		}
		// The prompt stays in the page's input while the picker is open.
		const modelId = configuredModelId() || (await pickModel(this.ctx.services.catalogue(session)));
		if (!modelId) {
			this.post({ type: 'error', requestId, error: noModelView() });
			return undefined;
		}
		return { session, modelId };
	}

	private async send(requestId: string, text: string, context: ContextAttachment[]): Promise<void> {
		if (this.active) {
			this.post({ type: 'error', requestId, error: busyView() });
			return;
		}
		if (text.trim().length === 0 && context.length === 0) {
			return;
		}
		const ready = await this.prerequisites(requestId);
		if (!ready) {
			return;
		}
		if (this.active) {
			this.post({ type: 'error', requestId, error: busyView() });
			return;
		}
		const conversation = this.conversation;
		const user: ChatMessage = {
			id: newId(), role: 'user', text, status: 'complete', createdAt: Date.now(),
			...(context.length > 0 ? { context } : {}),
		};
		conversation.messages.push(user);
		await this.stream(requestId, conversation, ready, user, []);
	}

	/** Replaces a reply that ended early (stopped, incomplete, interrupted by a reload) or never came with a fresh one. */
	private async retry(requestId: string): Promise<void> {
		if (this.active) {
			this.post({ type: 'error', requestId, error: busyView() });
			return;
		}
		const conversation = this.conversation;
		const last = conversation.messages[conversation.messages.length - 1];
		if (!last || (last.role === 'assistant' && last.status === 'complete')) {
			this.post({ type: 'error', requestId, error: nothingToRetryView() });
			return;
		}
		const ready = await this.prerequisites(requestId);
		if (!ready) {
			return;
		}
		if (this.active || this.conversation !== conversation) {
			this.post({ type: 'error', requestId, error: this.active ? busyView() : nothingToRetryView() });
			return;
		}
		const removed: string[] = [];
		const tail = conversation.messages[conversation.messages.length - 1];
		if (tail?.role === 'assistant') {
			conversation.messages.pop();
			removed.push(tail.id);
		}
		await this.stream(requestId, conversation, ready, undefined, removed);
	}

	private async stream(
		requestId: string,
		conversation: Conversation,
		{ session, modelId }: { session: Connection; modelId: string },
		user: ChatMessage | undefined,
		removedMessageIds: string[],
	): Promise<void> {
		const assistant: ChatMessage = { id: newId(), role: 'assistant', text: '', status: 'streaming', createdAt: Date.now(), modelId };
		const turns = toChatTurns(conversation.messages);
		conversation.messages.push(assistant);
		const controller = new AbortController();
		this.active = { requestId, controller, conversation };
		const visible = () => this.conversation === conversation;
		const postIfVisible = (message: HostToWebview) => {
			if (visible()) {
				this.post(message);
			}
		};
		postIfVisible({ type: 'turnStarted', requestId, ...(user ? { user } : {}), assistant, removedMessageIds });
		await this.save(conversation);

		const config = vscode.workspace.getConfiguration('bedrockConnect.chat');
		const system = config.get<string>('systemPrompt', '').trim();
		const request: ConverseRequest = {
			modelId,
			messages: turns,
			maxTokens: config.get<number>('maxTokens', 4096),
			temperature: config.get<number>('temperature', 0.5),
			...(system ? { system } : {}),
		};
		// The reply so far is written while it streams, so a reload (a new extension host) keeps it.
		const progressSave = new ThrottledSave(() => this.save(conversation, { announce: false }));
		const deltas = new DeltaBatcher((text) => postIfVisible({ type: 'delta', requestId, messageId: assistant.id, text }));
		const onEvent = (event: StreamEvent) => {
			switch (event.type) {
				case 'text':
					assistant.text += event.text;
					deltas.push(event.text);
					progressSave.request();
					break;
				case 'usage':
					assistant.usage = { inputTokens: event.usage.inputTokens, outputTokens: event.usage.outputTokens };
					break;
				case 'retrying':
					deltas.flush();
					postIfVisible({ type: 'progress', requestId, messageId: assistant.id, text: retryingText(event.reason, event.attempt, event.delayMs) });
					break;
				case 'stop':
					break;
			}
		};

		try {
			const service = await this.ctx.services.serviceFor(session);
			const result = await service.converseStream(request, { signal: controller.signal, onEvent });
			deltas.flush();
			if (result.usage) {
				assistant.usage = { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens };
			}
			assistant.status = controller.signal.aborted ? 'stopped' : 'complete';
			postIfVisible({ type: 'turnEnded', requestId, messageId: assistant.id, status: assistant.status, ...(assistant.usage ? { usage: assistant.usage } : {}) });
		} catch (e) {
			deltas.flush();
			this.fail(e, { requestId, conversation, assistant, user, aborted: controller.signal.aborted, postIfVisible });
		} finally {
			if (this.active?.requestId === requestId) {
				this.active = undefined;
			}
			progressSave.cancel();
			await this.save(conversation);
		}
	}

	private fail(
		e: unknown,
		turn: {
			requestId: string;
			conversation: Conversation;
			assistant: ChatMessage;
			user: ChatMessage | undefined;
			aborted: boolean;
			postIfVisible: (m: HostToWebview) => void;
		},
	): void {
		const { requestId, conversation, assistant, user, postIfVisible } = turn;
		if (turn.aborted || isCancellation(e)) {
			assistant.status = 'stopped';
			postIfVisible({ type: 'turnEnded', requestId, messageId: assistant.id, status: 'stopped' });
			return;
		}
		const error = toErrorView(e);
		this.ctx.deps.logger.warn(`reply failed: ${error.code}${assistant.text ? ' after partial output' : ''}`);
		if (assistant.text.length > 0) {
			// Keep what arrived; the banner offers Retry, which replaces this reply.
			assistant.status = 'incomplete';
			postIfVisible({ type: 'turnEnded', requestId, messageId: assistant.id, status: 'incomplete' });
			postIfVisible({ type: 'error', requestId, error });
			return;
		}
		// Nothing arrived: drop the empty reply, and a new user turn goes back into the input box
		// (a retried one stays in the transcript, where Retry can send it again).
		const removed = [assistant.id];
		if (user) {
			removed.push(user.id);
		}
		conversation.messages = conversation.messages.filter((m) => !removed.includes(m.id));
		postIfVisible({
			type: 'error',
			requestId,
			error,
			removedMessageIds: removed,
			...(user ? { restorePrompt: { text: user.text, context: user.context ?? [] } } : {}),
		});
	}

	/** `announce: false` for the saves while a reply streams: the history list has not changed for the user. */
	private async save(conversation: Conversation, { announce } = { announce: true }): Promise<void> {
		try {
			await this.ctx.history.save(this.view(conversation));
		} catch (e) {
			this.ctx.deps.logger.warn(`saving the conversation failed: ${e instanceof Error ? e.message : String(e)}`);
		}
		if (announce) {
			this.post({ type: 'history', conversations: this.ctx.history.list() });
		}
	}
}
