// The panel's chat turns: one at a time, started by send or retry, stopped by Stop. Checks
// what a turn needs (a Connection, a model), runs it with runChatTurn, and turns its events
// into webview messages for the conversation on screen; saves as it streams and at the end.
import type { Connection } from '../../aws/engineTypes';
import type { Logger } from '../../aws/ports';
import { newId, type ChatMessage, type ContextAttachment, type HostToWebview, type MediaAttachment } from '../../shared/protocol';
import { attachmentRefusal } from './attachmentCheck';
import type { SignInAccess } from '../signInAccess';
import { busyView, noModelView, nothingToRetryView, signInRequiredView } from './chatErrors';
import type { ChatServices } from './chatServices';
import { runChatTurn, type ChatTurnSink } from './chatTurn';
import type { ConversationSaver } from './conversationSaver';
import type { ChosenModel } from '../../shared/modelInputCheck';
import { chosenModelIn, modelInputRefusalView } from './modelInputGate';
import { configuredModelId, pickModel } from './modelPicker';
import type { Conversation } from './panelConversation';
import { ThrottledSave } from './replyPersistence';
import { configuredReplySettings } from './replySettings';

export interface PanelTurnsDependencies {
	signIn: SignInAccess;
	services: Pick<ChatServices, 'serviceFor' | 'catalogue'>;
	logger: Logger;
	saver: ConversationSaver;
	post(message: HostToWebview): void;
	/** The conversation on screen now (it may change while a reply streams). */
	shown(): Conversation;
}

interface ActiveReply {
	requestId: string;
	controller: AbortController;
	conversation: Conversation;
}

interface Prerequisites {
	connection: Connection;
	modelId: string;
	/** Its name and what it takes, from the model list (nothing known without one). */
	model: ChosenModel;
}

export class PanelTurns {
	private active: ActiveReply | undefined;

	constructor(private readonly deps: PanelTurnsDependencies) {}

	/** The request still streaming into `conversation`, if any: the page shows it as streaming. */
	activeRequestIn(conversation: Conversation): string | undefined {
		return this.active?.conversation === conversation ? this.active.requestId : undefined;
	}

	stop(requestId: string): void {
		if (this.active?.requestId === requestId) {
			this.active.controller.abort();
		}
	}

	/** Stops the reply streaming into the conversation with this id, if any (it is being deleted). */
	stopIn(conversationId: string): void {
		if (this.active?.conversation.id === conversationId) {
			this.active.controller.abort();
		}
	}

	stopActive(): void {
		this.active?.controller.abort();
	}

	async send(requestId: string, text: string, context: ContextAttachment[], media: MediaAttachment[] = []): Promise<void> {
		if (this.active) {
			this.deps.post({ type: 'error', requestId, error: busyView() });
			return;
		}
		if (text.trim().length === 0 && context.length === 0 && media.length === 0) {
			return;
		}
		const refused = attachmentRefusal(media, this.deps.shown().messages);
		if (refused) {
			this.deps.post({ type: 'error', requestId, error: refused, restorePrompt: { text, context, media } });
			return;
		}
		const ready = await this.prerequisites(requestId);
		if (!ready) {
			return;
		}
		if (this.active) {
			this.deps.post({ type: 'error', requestId, error: busyView() });
			return;
		}
		const notTaken = modelInputRefusalView(media, ready.model);
		if (notTaken) {
			this.deps.post({ type: 'error', requestId, error: notTaken, restorePrompt: { text, context, media } });
			return;
		}
		const conversation = this.deps.shown();
		const user: ChatMessage = {
			id: newId(), role: 'user', text, status: 'complete', createdAt: Date.now(),
			...(context.length > 0 ? { context } : {}),
			...(media.length > 0 ? { media } : {}),
		};
		conversation.messages.push(user);
		await this.run(requestId, conversation, ready, user, []);
	}

	/** Replaces a reply that ended early (stopped, incomplete, interrupted by a reload) or never came with a fresh one. */
	async retry(requestId: string): Promise<void> {
		if (this.active) {
			this.deps.post({ type: 'error', requestId, error: busyView() });
			return;
		}
		const conversation = this.deps.shown();
		const last = conversation.messages[conversation.messages.length - 1];
		if (!last || (last.role === 'assistant' && last.status === 'complete')) {
			this.deps.post({ type: 'error', requestId, error: nothingToRetryView() });
			return;
		}
		const ready = await this.prerequisites(requestId);
		if (!ready) {
			return;
		}
		if (this.active || this.deps.shown() !== conversation) {
			this.deps.post({ type: 'error', requestId, error: this.active ? busyView() : nothingToRetryView() });
			return;
		}
		const removed: string[] = [];
		const tail = conversation.messages[conversation.messages.length - 1];
		if (tail?.role === 'assistant') {
			conversation.messages.pop();
			removed.push(tail.id);
		}
		await this.run(requestId, conversation, ready, undefined, removed);
	}

	/** Connection and model, asking for the model if none is set; posts the banner and returns undefined when missing. */
	private async prerequisites(requestId: string): Promise<Prerequisites | undefined> {
		const connection = await this.deps.signIn.getConnection().catch(() => undefined);
		if (!connection) {
			this.deps.post({ type: 'error', requestId, error: signInRequiredView() });
			return undefined;
		}
		// The prompt stays in the page's input while the picker is open.
		const modelId = configuredModelId() || (await pickModel(this.deps.services.catalogue(connection)));
		if (!modelId) {
			this.deps.post({ type: 'error', requestId, error: noModelView() });
			return undefined;
		}
		// The list is cached (the picker loaded it); without one nothing is known and Bedrock decides.
		const catalogue = await this.deps.services.catalogue(connection).catch(() => undefined);
		return { connection, modelId, model: chosenModelIn(catalogue, modelId) };
	}

	private async run(requestId: string, conversation: Conversation, { connection, modelId, model }: Prerequisites, user: ChatMessage | undefined, removedMessageIds: string[]): Promise<void> {
		const { services, logger, saver } = this.deps;
		const controller = new AbortController();
		this.active = { requestId, controller, conversation };
		// The reply so far is written while it streams, so a reload (a new extension host) keeps it.
		const progressSave = new ThrottledSave(() => saver.save(conversation, { announce: false }));
		const sink = this.sinkFor(requestId, conversation, user, removedMessageIds, progressSave);
		try {
			await runChatTurn(
				{ serviceFor: (c) => services.serviceFor(c), logger },
				{ connection, modelId, model, conversation, user, settings: configuredReplySettings(), signal: controller.signal },
				sink,
			);
		} finally {
			if (this.active?.requestId === requestId) {
				this.active = undefined;
			}
			progressSave.cancel();
			await saver.save(conversation);
		}
	}

	/** The turn's events as webview messages, posted only while its conversation is on screen. */
	private sinkFor(requestId: string, conversation: Conversation, user: ChatMessage | undefined, removedMessageIds: string[], progressSave: ThrottledSave): ChatTurnSink {
		const postIfShown = (message: HostToWebview) => {
			if (this.deps.shown() === conversation) {
				this.deps.post(message);
			}
		};
		let messageId = '';
		let reply: ChatMessage | undefined;
		return {
			started: async (assistant) => {
				messageId = assistant.id;
				reply = assistant;
				postIfShown({ type: 'turnStarted', requestId, ...(user ? { user } : {}), assistant, removedMessageIds });
				await this.deps.saver.save(conversation);
			},
			textDelta: (text) => {
				postIfShown({ type: 'delta', requestId, messageId, text });
				progressSave.request();
			},
			reasoningDelta: (text, redacted) => {
				postIfShown({ type: 'reasoning', requestId, messageId, text, redacted });
				progressSave.request();
			},
			progress: (text) => postIfShown({ type: 'progress', requestId, messageId, text }),
			ended: (status, usage, cost) =>
				postIfShown({
					type: 'turnEnded', requestId, messageId, status,
					...(usage ? { usage } : {}), ...(cost ? { cost } : {}), ...(reply?.guardrailIntervened ? { guardrailIntervened: true } : {}),
				}),
			failed: ({ error, removedMessageIds: removed, restorePrompt }) =>
				postIfShown({ type: 'error', requestId, error, ...(removed ? { removedMessageIds: removed } : {}), ...(restorePrompt ? { restorePrompt } : {}) }),
		};
	}
}
