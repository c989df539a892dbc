// Messages for a page that cannot receive them yet (hidden, or not loaded): they are held and
// delivered right after the page's `init`, so a failure while the panel was hidden is not lost.
// Pure (no `vscode`): the panel hands it the function that really posts.
import { LIMITS, type HostToWebview } from '../../shared/protocol';

/**
 * What `init` carries (the conversation with its streaming reply, the history, the models):
 * held copies of these would only repeat, or undo, the state `init` just set.
 */
const SUPERSEDED_BY_INIT: ReadonlySet<HostToWebview['type']> = new Set([
	'init', 'conversation', 'history', 'models', 'turnStarted', 'delta', 'progress', 'turnEnded',
]);

type ErrorMessage = Extract<HostToWebview, { type: 'error' }>;

/** Errors that say the same thing, without a prompt to put back: showing one is enough. */
function sameNotice(a: ErrorMessage, b: ErrorMessage): boolean {
	return !a.restorePrompt && !b.restorePrompt && a.error.code === b.error.code && a.error.message === b.error.message;
}

export class WebviewOutbox {
	private open = false;
	private held: HostToWebview[] = [];

	constructor(private readonly deliver: (message: HostToWebview) => void) {}

	/** How many messages wait for the page (for tests and the log). */
	get heldCount(): number {
		return this.held.length;
	}

	post(message: HostToWebview): void {
		if (this.open) {
			this.deliver(message);
		} else {
			this.hold(message);
		}
	}

	/** The page went away (hidden without retained context): hold messages until it is back. */
	close(): void {
		this.open = false;
	}

	/** The page (re)started: `init` first, as it resets the page, then what was held, in order. */
	reopen(init: Extract<HostToWebview, { type: 'init' }>): void {
		this.open = true;
		this.deliver(init);
		for (const message of this.held.splice(0)) {
			this.deliver(message);
		}
	}

	/**
	 * Bounded without losing what the user must see: state `init` carries is not held at all,
	 * errors are all kept (an identical notice once), one `signedIn`, and no more attachments
	 * than the composer accepts. Errors stay few: while the page is away nobody can send, so
	 * they come only from the one turn that may be running and from host-side events.
	 */
	private hold(message: HostToWebview): void {
		if (SUPERSEDED_BY_INIT.has(message.type)) {
			return;
		}
		if (message.type === 'error') {
			this.held = this.held.filter((m) => m.type !== 'error' || !sameNotice(m, message));
		} else if (message.type === 'signedIn') {
			this.held = this.held.filter((m) => m.type !== 'signedIn');
		} else if (message.type === 'contextAdded') {
			const attachments = this.held.filter((m) => m.type === 'contextAdded');
			if (attachments.length >= LIMITS.contextItems) {
				return;
			}
		}
		this.held.push(message);
	}
}
