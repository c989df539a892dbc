// The context meter: how much of the model's window the conversation plus the draft would
// fill, counted (by the engine: CountTokens, cached) when the page asks after typing pauses;
// and the offers to drop the oldest turns or earlier attachments when it is over. Never asks the
// user to sign in or pick a model: without them there is nothing to count against.
import type { ContextCount } from '../../aws/bedrock/bedrockTypes';
import type { ChatMessage, HostToWebview } from '../../shared/protocol';
import { attachmentsHeld, withoutOldestAttachments } from './attachmentDrop';
import type { SignInAccess } from '../signInAccess';
import type { ChatServices } from './chatServices';
import { toChatTurns } from './conversationRequest';
import type { ConversationSaver } from './conversationSaver';
import type { ChosenModel } from '../../shared/modelInputCheck';
import { chosenModelIn } from './modelInputGate';
import { configuredModelId } from './modelPicker';
import type { Conversation } from './panelConversation';
import { configuredReplySettings } from './replySettings';

export interface ContextMeterDependencies {
	signIn: SignInAccess;
	services: Pick<ChatServices, 'serviceFor'> & Partial<Pick<ChatServices, 'catalogue'>>;
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
		const conversation = this.deps.shown();
		try {
			const measured = await this.measure(conversation.messages, draft, controller.signal);
			if (!measured || ticket !== this.latest) return;
			const { count, model } = measured;
			const attachments = attachmentsHeld(conversation.messages, model.inputs);
			this.deps.post({
				type: 'contextMeter', tokens: count.inputTokens, estimated: count.estimated,
				...(count.contextWindow ? { window: count.contextWindow } : {}), ...(attachments > 0 ? { attachments } : {}),
			});
		} catch {
			// Cancelled by a newer count, or the sign-in went away: the next pause counts again.
		}
	}

	/** The count of these messages plus the draft as the model would get them; undefined without a sign-in, a model or a counter. */
	private async measure(history: readonly ChatMessage[], draft: string, signal: AbortSignal): Promise<{ count: ContextCount; model: ChosenModel } | undefined> {
		const connection = await this.deps.signIn.getConnection().catch(() => undefined);
		const modelId = configuredModelId();
		if (!connection || !modelId) return undefined;
		const service = await this.deps.services.serviceFor(connection);
		if (!service.countTokens) return undefined;
		const catalogue = await this.deps.services.catalogue?.(connection).catch(() => undefined);
		const draftTurn: ChatMessage[] = draft.trim() ? [{ id: 'draft', role: 'user', text: draft, status: 'complete', createdAt: 0 }] : [];
		const model = chosenModelIn(catalogue, modelId);
		const messages = toChatTurns([...history, ...draftTurn], model);
		if (messages.length === 0) return { count: { inputTokens: 0, estimated: false }, model };
		const { system } = configuredReplySettings();
		return { count: await service.countTokens({ modelId, messages, ...(system ? { system } : {}) }, signal), model };
	}

	/**
	 * Drops earlier turns' attachments, oldest turn first, until the conversation with `draft` fits
	 * the window (all of them when the window is not known); saves and shows it (the page counts again).
	 */
	async dropAttachments(draft: string): Promise<void> {
		if (this.deps.busy()) return;
		const conversation = this.deps.shown();
		const signal = new AbortController().signal;
		const start = conversation.messages;
		const startLength = start.length;
		let messages = start;
		// Files the model does not take go as notes and cost no room: only the ones it is sent are dropped.
		let inputs = (await this.measure(messages, draft, signal).catch(() => undefined))?.model.inputs;
		for (let next = withoutOldestAttachments(messages, inputs); next; next = withoutOldestAttachments(messages, inputs)) {
			messages = next;
			const measured = await this.measure(messages, draft, signal).catch(() => undefined);
			inputs = measured?.model.inputs ?? inputs;
			const count = measured?.count;
			if (count?.contextWindow !== undefined && count.inputTokens <= count.contextWindow) break;
		}
		// A turn that started (or a conversation that changed) meanwhile wins: nothing is dropped under it.
		if (this.deps.shown() !== conversation || this.deps.busy() || conversation.messages !== start || start.length !== startLength) return;
		conversation.messages = messages;
		await this.deps.saver.save(conversation);
		this.deps.showConversation();
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
