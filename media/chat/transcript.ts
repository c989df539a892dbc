// The message list. Streaming text is batched per animation frame; of the growing message only
// its unfinished last block is re-rendered, and the whole reply is rendered once when it ends.
// A restored conversation is put on screen newest first in short slices (restoreSlices.ts), so
// a 1,000-message history never blocks the page in one long task.
import type { ChatMessage, MediaAttachment, MessageStatus, UsageView } from '../../src/shared/protocol';
import { formatCost } from './costText';
import { finalGroups, type RenderedBlock } from './finalRender';
import { el } from './dom';
import { newBlockScanner, nextSafeCut, type BlockScanner } from './markdownBlocks';
import { ReasoningBlock } from './reasoningBlock';
import type { MarkdownRenderer } from './render';
import { RESTORE_FIRST_MESSAGES, RESTORE_SLICE_MS, yieldToPage, type YieldHandle } from './restoreSlices';

/** A streaming reply shown as finished blocks (rendered once each) followed by a live tail. */
interface StreamingRender {
	scanner: BlockScanner;
	/** Length of the markdown already rendered as finished blocks. */
	finished: number;
	/** The tail's nodes, replaced on every frame. */
	tail: ChildNode[];
	/** The finished blocks, for the end of the reply (see finalRender.ts). */
	blocks: RenderedBlock[];
}

interface MessageView {
	data: ChatMessage;
	root: HTMLElement;
	body: HTMLElement;
	footer: HTMLElement;
	progress: HTMLElement;
	reasoning: ReasoningBlock;
	streaming?: StreamingRender;
}

const STATUS_TEXT: Record<MessageStatus, string> = {
	complete: '',
	streaming: '',
	stopped: 'Stopped — the reply above is partial.',
	incomplete: 'Incomplete — the reply was cut off by an error.',
	interrupted: 'Interrupted — the window reloaded while this reply was streaming.',
};

/** Under a reply the guardrail blocked: what is shown is the guardrail's message, not an empty or failed reply. */
export const GUARDRAIL_TEXT = 'Blocked by your guardrail (bedrockConnect.chat.guardrail): the text above is its message, not the model’s reply.';

export function formatUsage(usage: UsageView | undefined): string {
	if (!usage) {
		return '';
	}
	const cache = [
		usage.cacheReadInputTokens ? `cache read ${usage.cacheReadInputTokens}` : '',
		usage.cacheWriteInputTokens ? `cache write ${usage.cacheWriteInputTokens}` : '',
	].filter(Boolean);
	return `in ${usage.inputTokens} · out ${usage.outputTokens} tokens${cache.length ? ` · ${cache.join(' · ')}` : ''}`;
}

/** An image as a thumbnail (a data: URL the CSP allows), a document as its name; both say when the history no longer keeps them. */
function mediaPreview(item: MediaAttachment): HTMLElement {
	const notKept = item.kept === false || item.data.length === 0;
	const label = notKept ? `${item.name} (${item.dropped ? 'dropped to fit the context window' : 'not kept in history'})` : item.name;
	if (item.kind === 'image' && !notKept) {
		const img = el('img', { className: 'media-thumb', title: item.name, attrs: { alt: item.name } });
		img.src = `data:image/${item.format};base64,${item.data}`;
		return el('figure', { className: 'media-preview image' }, img);
	}
	return el('span', { className: `chip media-preview ${item.kind}${notKept ? ' not-kept' : ''}`, text: label, title: `${item.kind}: ${label}` });
}

export class Transcript {
	private readonly views = new Map<string, MessageView>();
	private readonly dirty = new Set<string>();
	private frame = 0;
	/** Restored messages not on screen yet, oldest first; the newest are shown first. */
	private pending: ChatMessage[] = [];
	private restoreHandle: YieldHandle | undefined;

	constructor(
		private readonly root: HTMLElement,
		private readonly render: MarkdownRenderer,
		private readonly decorateCode: (container: HTMLElement) => void,
	) {}

	reset(messages: readonly ChatMessage[]): void {
		cancelAnimationFrame(this.frame);
		this.frame = 0;
		this.restoreHandle?.cancel();
		this.restoreHandle = undefined;
		this.dirty.clear();
		this.views.clear();
		this.root.replaceChildren();
		this.pending = [...messages];
		this.restoreSlice(RESTORE_SLICE_MS, RESTORE_FIRST_MESSAGES);
		this.root.scrollTop = this.root.scrollHeight;
	}

	/** True while a restored conversation is still being put on screen. */
	isRestoring(): boolean {
		return this.pending.length > 0;
	}

	/** Puts all restored messages on screen now (a message the host names may still be pending). */
	finishRestore(): void {
		this.restoreHandle?.cancel();
		this.restoreHandle = undefined;
		while (this.pending.length > 0) {
			this.restoreSlice(Number.POSITIVE_INFINITY);
		}
	}

	/**
	 * Renders the newest pending messages for up to one slice and puts them above those already
	 * shown; the rest waits for the next slice, after the page has had a turn.
	 */
	private restoreSlice(budgetMs = RESTORE_SLICE_MS, atLeast = 1): void {
		this.restoreHandle = undefined;
		const started = performance.now();
		const roots: HTMLElement[] = [];
		while (this.pending.length > 0 && (roots.length < atLeast || performance.now() - started < budgetMs)) {
			const view = this.createView(this.pending.pop() as ChatMessage);
			this.renderBody(view);
			this.renderFooter(view);
			roots.push(view.root);
		}
		const stick = this.isAtBottom();
		this.root.prepend(...roots.reverse());
		if (stick) {
			this.root.scrollTop = this.root.scrollHeight;
		}
		if (this.pending.length > 0 && budgetMs !== Number.POSITIVE_INFINITY) {
			this.restoreHandle = yieldToPage(() => this.restoreSlice());
		}
	}

	private createView(message: ChatMessage): MessageView {
		const body = el('div', { className: 'message-body' });
		const progress = el('div', { className: 'message-progress' });
		const footer = el('div', { className: 'message-footer' });
		const reasoning = new ReasoningBlock();
		reasoning.show(message.reasoning);
		const root = el(
			'article',
			{ className: `message ${message.role}`, attrs: { 'data-testid': 'message', 'data-role': message.role, 'data-id': message.id } },
			el('div', { className: 'message-role', text: message.role === 'user' ? 'You' : 'Bedrock' }),
			reasoning.root,
			body,
			progress,
			footer,
		);
		const view: MessageView = { data: { ...message }, root, body, footer, progress, reasoning };
		this.views.set(message.id, view);
		return view;
	}

	append(message: ChatMessage): void {
		const view = this.createView(message);
		const stick = this.isAtBottom();
		this.root.append(view.root);
		this.renderBody(view);
		this.renderFooter(view);
		if (stick) {
			this.root.scrollTop = this.root.scrollHeight;
		}
	}

	/** The view of a message, finishing a restore first when the message is still pending. */
	private view(id: string): MessageView | undefined {
		if (!this.views.has(id) && this.pending.some((m) => m.id === id)) {
			this.finishRestore();
		}
		return this.views.get(id);
	}

	remove(ids: readonly string[]): void {
		for (const id of ids) {
			this.view(id)?.root.remove();
			this.views.delete(id);
			this.dirty.delete(id);
		}
	}

	appendText(id: string, text: string): void {
		const view = this.view(id);
		if (!view) {
			return;
		}
		view.data.text += text;
		view.progress.textContent = '';
		view.reasoning.setThinking(false);
		this.dirty.add(id);
		this.frame ||= requestAnimationFrame(() => this.flush());
	}

	/** Streamed reasoning goes straight into its block (plain text: appending is cheap at any length). */
	appendReasoning(id: string, text: string, redacted: boolean): void {
		const view = this.view(id);
		if (!view) {
			return;
		}
		view.progress.textContent = '';
		view.reasoning.append(text, redacted);
		view.reasoning.setThinking(view.data.text.length === 0);
	}

	setProgress(id: string, text: string): void {
		const view = this.view(id);
		if (view) {
			view.progress.textContent = text;
		}
	}

	end(id: string, status: MessageStatus, usage: UsageView | undefined, extra: Pick<ChatMessage, 'cost' | 'guardrailIntervened'> = {}): void {
		const view = this.view(id);
		if (!view) {
			return;
		}
		view.data.status = status;
		if (usage) {
			view.data.usage = usage;
		}
		if (extra.cost) {
			view.data.cost = extra.cost;
		}
		if (extra.guardrailIntervened) {
			view.data.guardrailIntervened = true;
		}
		view.progress.textContent = '';
		view.reasoning.setThinking(false);
		// Render the final text now rather than on the next frame, so the footer matches it.
		this.dirty.delete(id);
		if (!this.finishStreamed(view)) {
			this.renderBody(view);
		}
		this.renderFooter(view);
	}

	/** Every message as the page knows it now (for the conversation's cost). */
	messages(): ChatMessage[] {
		// In screen order: a restore creates the views newest first.
		const shown = [...this.root.children].map((child) => this.views.get((child as HTMLElement).dataset.id ?? ''));
		return [...this.pending, ...shown.filter((v): v is MessageView => v !== undefined).map((v) => v.data)];
	}

	/** Usage of the last assistant reply that reported it. */
	lastUsage(): UsageView | undefined {
		const replies = this.messages().filter((m) => m.role === 'assistant');
		return replies[replies.length - 1]?.usage;
	}

	private flush(): void {
		this.frame = 0;
		const stick = this.isAtBottom();
		for (const id of this.dirty) {
			const view = this.view(id);
			if (view) {
				this.renderStreaming(view);
			}
		}
		this.dirty.clear();
		if (stick) {
			this.root.scrollTop = this.root.scrollHeight;
		}
	}

	private isAtBottom(): boolean {
		return this.root.scrollHeight - this.root.scrollTop - this.root.clientHeight < 40;
	}

	/**
	 * Renders only what changed: blocks finished since the last frame are rendered once and kept,
	 * the unfinished tail is rendered again. Per frame that is bounded by a block, not the reply,
	 * so a long reply streams at the same pace as a short one. end() renders the whole reply.
	 */
	private renderStreaming(view: MessageView): void {
		const { data, body } = view;
		if (data.role !== 'assistant' || data.status !== 'streaming' || data.text.length === 0) {
			this.renderBody(view);
			return;
		}
		if (!view.streaming) {
			view.streaming = { scanner: newBlockScanner(), finished: 0, tail: [], blocks: [] };
			body.replaceChildren();
		}
		const stream = view.streaming;
		for (const node of stream.tail) {
			node.remove();
		}
		const cut = nextSafeCut(data.text, stream.scanner);
		if (cut !== undefined && cut > stream.finished) {
			const nodes = this.renderFragment(data.text.slice(stream.finished, cut));
			body.append(...nodes);
			stream.blocks.push({ start: stream.finished, end: cut, nodes });
			stream.finished = cut;
		}
		stream.tail = this.renderFragment(data.text.slice(stream.finished));
		body.append(...stream.tail);
	}

	/**
	 * Ends a streamed reply by re-rendering only the groups that need it (finalRender.ts), so
	 * the last frame of a long reply costs a block or two instead of the whole text.
	 */
	private finishStreamed(view: MessageView): boolean {
		const stream = view.streaming;
		const { data, body } = view;
		if (!stream || data.role !== 'assistant' || data.guardrailIntervened || data.text.length === 0) return false;
		// Text that arrived after the last frame has not been scanned yet.
		nextSafeCut(data.text, stream.scanner);
		const groups = finalGroups(data.text, stream.blocks);
		if (!groups) return false;
		// Patch in place: blocks kept stay where they are in the DOM (re-inserting thousands of
		// nodes costs a long layout), only the re-rendered groups replace their old nodes.
		const reused = new Set(groups.filter((g) => g.reuse !== undefined && stream.blocks[g.reuse]?.start === g.start && stream.blocks[g.reuse]?.end === g.end).map((g) => g.reuse as number));
		for (const node of stream.tail) node.remove();
		stream.blocks.forEach((block, i) => {
			if (!reused.has(i)) for (const node of block.nodes) node.remove();
		});
		let cursor: ChildNode | undefined;
		for (const group of groups) {
			if (group.reuse !== undefined && reused.has(group.reuse)) {
				const nodes = (stream.blocks[group.reuse] as RenderedBlock).nodes;
				cursor = nodes[nodes.length - 1] ?? cursor;
				continue;
			}
			const nodes = this.renderFragment(data.text.slice(group.start, group.end));
			if (nodes.length === 0) continue;
			if (cursor) cursor.after(...nodes);
			else body.prepend(...nodes);
			cursor = nodes[nodes.length - 1];
		}
		view.streaming = undefined;
		view.root.dataset.status = data.status;
		return true;
	}

	/** Sanitized nodes for a piece of markdown, parsed apart from the page and decorated there. */
	private renderFragment(markdown: string): ChildNode[] {
		if (markdown.trim() === '') {
			return [];
		}
		const holder = document.createElement('div');
		holder.innerHTML = this.render(markdown); // sanitized by DOMPurify inside render()
		this.decorateCode(holder);
		return [...holder.childNodes];
	}

	private renderBody(view: MessageView): void {
		const { data, body } = view;
		view.streaming = undefined;
		view.root.dataset.status = data.status;
		if (data.role === 'user') {
			// The user's own words are shown exactly as typed, never interpreted as markdown.
			body.replaceChildren(el('div', { className: 'user-text', text: data.text }));
			if (data.context?.length) {
				body.append(el('div', { className: 'chips' }, ...data.context.map((c) => el('span', { className: 'chip', text: c.label, title: `${c.kind}: ${c.label}` }))));
			}
			if (data.media?.length) {
				body.append(el('div', { className: 'media-previews' }, ...data.media.map(mediaPreview)));
			}
			return;
		}
		if (data.guardrailIntervened && data.text.trim().length === 0) {
			body.replaceChildren(el('span', { className: 'typing', text: 'The guardrail intervened and gave no message.' }));
			return;
		}
		if (data.status === 'streaming' && data.text.length === 0) {
			body.replaceChildren(el('span', { className: 'typing', text: 'Thinking…' }));
			return;
		}
		body.innerHTML = this.render(data.text); // sanitized by DOMPurify inside render()
		this.decorateCode(body);
	}

	private renderFooter(view: MessageView): void {
		const { data, footer } = view;
		footer.replaceChildren();
		const note = STATUS_TEXT[data.status];
		if (note) {
			footer.append(el('span', { className: `status ${data.status}`, text: note }));
		}
		if (data.role === 'assistant' && data.guardrailIntervened) {
			view.root.dataset.guardrail = 'intervened';
			footer.append(el('span', { className: 'status guardrail', text: GUARDRAIL_TEXT }));
		}
		if (data.role === 'assistant' && data.usage) {
			footer.append(el('span', { className: 'message-usage', text: formatUsage(data.usage) }));
		}
		if (data.role === 'assistant' && data.cost) {
			const reason = 'unknown' in data.cost ? data.cost.unknown : `prices as of ${data.cost.asOf}`;
			footer.append(el('span', { className: 'message-cost', text: formatCost(data.cost), title: reason }));
		}
	}
}
