// A guardrail intervention in the Chat view, which renders replies as markdown and has no place to
// mark one: the guardrail's message is shown as plain text with a line saying it is the guardrail's,
// and an intervention without a message is an error, never an empty reply. The message is known to be
// the guardrail's only when the stream ends, so while a guardrail is set the first characters of a
// reply (as many as a guardrail message can hold) are held back until the stream ends or outgrows
// them. Pure (no `vscode`): the provider reports what this returns.
import type { GuardrailSetting } from '../../aws/bedrock/bedrockTypes';

/** Bedrock's limit on a guardrail's blocked-input and blocked-output messages (CreateGuardrail). */
export const GUARDRAIL_MESSAGE_MAX_CHARS = 500;

/** Every ASCII punctuation mark CommonMark lets a backslash escape, so nothing in the text is markup. */
export function escapeMarkdown(text: string): string {
	return text.replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

/** "your guardrail abc123 (version 1)"; the setting was validated before the request was sent. */
function yourGuardrail(guardrail: GuardrailSetting | undefined): string {
	return guardrail ? `your guardrail ${String(guardrail.identifier).trim()} (version ${String(guardrail.version).trim()})` : 'your guardrail';
}

export function guardrailMarker(guardrail: GuardrailSetting | undefined): string {
	return `Blocked by ${yourGuardrail(guardrail)} (bedrockConnect.chat.guardrail): the text above is its message, not the model's reply.`;
}

export function guardrailBlockedMessage(guardrail: GuardrailSetting | undefined): string {
	return `${capitalised(yourGuardrail(guardrail))} (bedrockConnect.chat.guardrail) blocked this request and gave no message. Rephrase the message, or ask whoever manages the guardrail what it blocks.`;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export type GuardrailEnd = { kind: 'text'; text: string } | { kind: 'blocked'; message: string };

/** One reply's text on its way to the Chat view. */
export class GuardrailReplyGate {
	private held = '';
	private passing: boolean;
	private shown = false;

	constructor(private readonly guardrail: GuardrailSetting | undefined) {
		this.passing = guardrail === undefined;
	}

	/** Text to report now ('' while held back). */
	text(text: string): string {
		if (this.passing) return this.show(text);
		this.held += text;
		return this.held.length > GUARDRAIL_MESSAGE_MAX_CHARS ? this.release() : '';
	}

	/** Everything held, before something that is not a guardrail's message (a tool call). */
	release(): string {
		this.passing = true;
		const out = this.held;
		this.held = '';
		return this.show(out);
	}

	/** At the end of the stream: what is left to report, or the error an intervention without a message is. */
	end(stopReason: string): GuardrailEnd {
		if (stopReason !== 'guardrail_intervened') return { kind: 'text', text: this.release() };
		const marker = `\n\n${escapeMarkdown(guardrailMarker(this.guardrail))}`;
		if (this.held.trim() !== '') return { kind: 'text', text: `${escapeMarkdown(this.held)}${marker}` };
		if (this.shown) return { kind: 'text', text: marker };
		return { kind: 'blocked', message: guardrailBlockedMessage(this.guardrail) };
	}

	private show(text: string): string {
		if (text !== '') this.shown = true;
		return text;
	}
}
