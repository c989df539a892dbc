// The context meter: how much of the model's window the conversation plus the draft would
// fill, counted (by the engine: CountTokens, cached) when the page asks after typing pauses;
// and the offer to drop the oldest turns when it is over. Never asks the user to sign in or
// pick a model: without them there is nothing to count against.
import type { ChatMessage, HostToWebview } from '../../shared/protocol';
import type { SignInAccess } from '../signInAccess';
import type { ChatServices } from './chatServices';
import { toChatTurns } from './conversationRequest';
import type { ConversationSaver } from './conversationSaver';
import { configuredModelId } from './modelPicker';
import type { Conversation } from './panelConversation';
import { configuredReplySettings } from './replySettings';

export interface ContextMeterDependencies {
	signIn: SignInAccess;
	services: Pick<ChatServices, 'serviceFor'>;
	saver: ConversationSaver;
	post(message: HostToWebview): void;
	shown(): Conversation;
	/** Tells the page the conversation changed (after dropping turns). */
	showConversation(): void;
	/** True while a reply streams: turns are not dropped under it. */
	busy(): boolean;
}

/** The messages without the oldest exchange (its user turn and the replies up to the next user turn). */
export function withoutOldestTurn(messages: readonly ChatMessage[]): ChatMessage[] {
	const first = messages.findIndex((m) => m.role === 'user');
	if (first < 0) return [...messages];
	const next = messages.findIndex((m, i) => i > first && m.role === 'user');
	return next < 0 ? [] : messages.slice(next);
}

export class ContextMeter {
	private latest = 0;
	private controller: AbortController | undefined;

	constructor(private readonly deps: ContextMeterDependencies) {}

	/** Counts the conversation with `draft` as the next user turn; only the newest request's answer is posted. */
	async count(draft: string): Promise<void> {
		const ticket = ++this.latest;
		this.controller?.abort();
		const controller = new AbortController();
		this.controller = controller;
		const connection = await this.deps.signIn.getConnection().catch(() => undefined);
		const modelId = configuredModelId();
		if (!connection || !modelId) return;
		const service = await this.deps.services.serviceFor(connection);
		if (!service.countTokens) return;
		const conversation = this.deps.shown();
		const draftTurn: ChatMessage[] = draft.trim() ? [{ id: 'draft', role: 'user', text: draft, status: 'complete', createdAt: 0 }] : [];
		const messages = toChatTurns([...conversation.messages, ...draftTurn]);
		if (messages.length === 0) {
			this.deps.post({ type: 'contextMeter', tokens: 0, estimated: false });
			return;
		}
		const { system } = configuredReplySettings();
		try {
			const count = await service.countTokens({ modelId, messages, ...(system ? { system } : {}) }, controller.signal);
			if (ticket !== this.latest) return;
			this.deps.post({ type: 'contextMeter', tokens: count.inputTokens, estimated: count.estimated, ...(count.contextWindow ? { window: count.contextWindow } : {}) });
		} catch {
			// Cancelled by a newer count, or the sign-in went away: the next pause counts again.
		}
	}

	/** Drops the oldest exchange, saves, and shows the shorter conversation (the page then counts again). */
	async dropOldestTurn(): Promise<void> {
		if (this.deps.busy()) return;
		const conversation = this.deps.shown();
		conversation.messages = withoutOldestTurn(conversation.messages);
		await this.deps.saver.save(conversation);
		this.deps.showConversation();
	}
}
