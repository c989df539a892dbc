// Chat page entry (bundled to dist/webview.js). Renders what the host sends and turns user
// actions into protocol messages; it holds no credentials and makes no network calls.
import DOMPurify from 'dompurify';
import { newId, PROTOCOL_VERSION, type ChatErrorView, type ErrorActionId, type HostToWebview, type ModelState } from '../../src/shared/protocol';
import { decorateCodeBlocks, handleTranscriptClicks } from './codeBlocks';
import { Composer } from './composer';
import { byId } from './dom';
import { ErrorBanner } from './errorBanner';
import { HistoryList } from './historyList';
import { MediaTray } from './mediaTray';
import { ModelSelect } from './modelSelect';
import { createMarkdownRenderer } from './render';
import { ContextMeterView } from './contextMeterView';
import { conversationCostText } from './costText';
import { formatUsage, Transcript } from './transcript';
import { loadState, post, saveState } from './vscodeApi';
import { chosenModelAmong } from '../../src/shared/modelInputCheck';

/** A send or retry the host has not answered yet (turnStarted or error). */
interface Pending {
	requestId: string;
	kind: 'send' | 'retry';
	text: string;
}

/** What the banner's Retry does: send the prompt in the input again, or re-run the last reply. */
type RetryKind = 'prompt' | 'reply';

const INTERRUPTED_NOTICE: ChatErrorView = {
	code: 'Interrupted',
	message: 'The window reloaded while the last reply was streaming; what arrived is kept.',
	action: 'Retry to ask for the whole reply again.',
	actions: ['retry'],
};

let pending: Pending | undefined;
let activeRequestId: string | undefined;
let retryKind: RetryKind | undefined;

const transcriptRoot = byId<HTMLElement>('transcript');
const transcript = new Transcript(transcriptRoot, createMarkdownRenderer(DOMPurify), decorateCodeBlocks);
handleTranscriptClicks(transcriptRoot);
const usage = byId<HTMLElement>('usage');
const cost = byId<HTMLElement>('cost');
const models = new ModelSelect(byId<HTMLSelectElement>('model'), byId<HTMLElement>('model-warnings'));
const history = new HistoryList(byId<HTMLElement>('history'), byId<HTMLButtonElement>('history-toggle'), loadState().historyOpen ?? false);
const banner = new ErrorBanner(byId<HTMLElement>('error'), onBannerAction);
const mediaTray = new MediaTray(
	byId<HTMLElement>('media-chips'),
	byId<HTMLInputElement>('attach-picker'),
	byId<HTMLButtonElement>('attach'),
	document.body,
	byId<HTMLTextAreaElement>('prompt'),
	(message, held) => {
		retryKind = undefined;
		banner.show(
			held
				? { code: 'AttachmentRefused', message, action: 'The file stays in the tray, marked; your prompt is unchanged.', actions: ['chooseModel'] }
				: { code: 'AttachmentRefused', message, action: 'The file was not attached; your prompt is unchanged.', actions: [] },
		);
	},
);
const contextMeter = new ContextMeterView(byId<HTMLElement>('context-meter'), byId<HTMLTextAreaElement>('prompt'));
const composer = new Composer(
	byId<HTMLTextAreaElement>('prompt'),
	byId<HTMLElement>('chips'),
	byId<HTMLButtonElement>('send'),
	byId<HTMLButtonElement>('stop'),
	byId<HTMLButtonElement>('add-selection'),
	byId<HTMLButtonElement>('add-file'),
	{
		send(text, context, media) {
			const requestId = newId();
			pending = { requestId, kind: 'send', text };
			banner.hide();
			updateBusy();
			post({ type: 'send', requestId, text, context, ...(media.length > 0 ? { media } : {}) });
		},
		refuse(error) {
			// Retry would only refuse it again: the user edits the prompt and sends.
			retryKind = undefined;
			banner.show(error);
		},
		stop,
	},
	mediaTray,
);

byId<HTMLButtonElement>('new-chat').addEventListener('click', () => post({ type: 'newChat' }));
document.addEventListener('keydown', (event) => {
	if (event.key === 'Escape' && (activeRequestId || pending)) {
		event.preventDefault();
		stop();
	}
});

function stop(): void {
	if (activeRequestId) {
		post({ type: 'stop', requestId: activeRequestId });
	} else if (pending) {
		// Nothing streams yet (e.g. the host is asking for a model): stop waiting for it.
		pending = undefined;
		updateBusy();
	}
}

function retry(): void {
	banner.hide();
	if (retryKind === 'reply') {
		const requestId = newId();
		pending = { requestId, kind: 'retry', text: '' };
		updateBusy();
		post({ type: 'retry', requestId });
	} else {
		composer.submit();
	}
}

function onBannerAction(action: ErrorActionId): void {
	switch (action) {
		case 'signIn':
			post({ type: 'signIn' });
			return;
		case 'retry':
			retry();
			return;
		case 'chooseModel':
			post({ type: 'pickModel' });
			return;
		case 'openSettings':
			post({ type: 'openSettings' });
			return;
	}
}

function updateBusy(): void {
	composer.setBusy(activeRequestId !== undefined || pending !== undefined);
}

function updateUsage(): void {
	usage.textContent = formatUsage(transcript.lastUsage());
	cost.textContent = conversationCostText(transcript.messages());
}

function showConversation(conversation: { id: string; messages: Parameters<Transcript['reset']>[0] }, active: string | undefined): void {
	transcript.reset(conversation.messages);
	activeRequestId = active;
	// A send still waiting for its answer stays pending: the host answers it whatever the
	// conversation (a prompt typed before the first `init` arrived must not be lost either).
	retryKind = undefined;
	banner.hide();
	if (!active && conversation.messages[conversation.messages.length - 1]?.status === 'interrupted') {
		// The reply was cut off by a reload, not an error: say so and offer to ask again.
		retryKind = 'reply';
		banner.show(INTERRUPTED_NOTICE);
	}
	history.setCurrent(conversation.id);
	saveState({ conversationId: conversation.id });
	updateBusy();
	updateUsage();
	contextMeter.schedule(0);
}

/** The picker's state, also to the tray: it marks files the chosen model does not take. */
function showModels(model: ModelState): void {
	models.update(model);
	mediaTray.setModel(model.selected ? chosenModelAmong(model.choices, model.selected) : undefined);
}

function receive(message: HostToWebview): void {
	switch (message.type) {
		case 'init':
			showConversation(message.conversation, message.activeRequestId);
			history.update(message.conversations);
			showModels(message.model);
			// Lets tests and tools wait for a page that has its state and handles keys.
			document.documentElement.dataset.ready = 'true';
			return;
		case 'conversation':
			showConversation(message.conversation, message.activeRequestId);
			composer.prompt.focus();
			return;
		case 'history':
			history.update(message.conversations);
			return;
		case 'models':
			showModels(message.model);
			return;
		case 'turnStarted':
			if (pending?.requestId === message.requestId) {
				if (pending.kind === 'send') {
					composer.clear(pending.text);
				}
				pending = undefined;
			}
			banner.hide();
			transcript.remove(message.removedMessageIds);
			if (message.user) {
				transcript.append(message.user);
			}
			transcript.append(message.assistant);
			activeRequestId = message.requestId;
			updateBusy();
			return;
		case 'delta':
			transcript.appendText(message.messageId, message.text);
			return;
		case 'reasoning':
			transcript.appendReasoning(message.messageId, message.text, message.redacted);
			return;
		case 'progress':
			transcript.setProgress(message.messageId, message.text);
			return;
		case 'turnEnded':
			transcript.end(message.messageId, message.status, message.usage, {
				...(message.cost ? { cost: message.cost } : {}),
				...(message.guardrailIntervened ? { guardrailIntervened: true } : {}),
			});
			if (activeRequestId === message.requestId) {
				activeRequestId = undefined;
			}
			updateBusy();
			updateUsage();
			contextMeter.schedule(0);
			return;
		case 'error': {
			const unanswered = pending?.requestId === message.requestId ? pending : undefined;
			if (unanswered) {
				pending = undefined;
			}
			if (activeRequestId === message.requestId) {
				activeRequestId = undefined;
			}
			transcript.remove(message.removedMessageIds ?? []);
			if (message.restorePrompt) {
				composer.restore(message.restorePrompt.text, message.restorePrompt.context, message.restorePrompt.media ?? []);
			}
			// The prompt is either still in the input (never started, or restored) or in the transcript.
			retryKind = message.restorePrompt || unanswered?.kind === 'send' ? 'prompt' : 'reply';
			banner.show(message.error);
			updateBusy();
			updateUsage();
			return;
		}
		case 'contextAdded':
			composer.addAttachment(message.attachment);
			return;
		case 'contextMeter':
			contextMeter.show(message);
			return;
		case 'signedIn':
			banner.showSignedIn(retryKind !== undefined);
			return;
	}
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => receive(event.data));
post({ type: 'ready', version: PROTOCOL_VERSION });
