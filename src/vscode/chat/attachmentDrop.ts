// "Drop attachments" of the context meter: earlier turns' images and documents lose their bytes,
// oldest turn first, while the conversation does not fit; their names stay (the transcript and
// the text sent to the model name them). Pure.
import { takes, type ModelInputs } from '../../shared/modelInputCheck';
import type { ChatMessage, MediaAttachment } from '../../shared/protocol';

/** Sent as a block: the bytes are held and the model (when given) takes its kind; a file sent as a note costs no room. */
const sends = (inputs: ModelInputs | undefined) => (m: MediaAttachment) => m.kept !== false && m.data.length > 0 && takes(inputs, m.kind);

/** How many attachments the conversation still sends to the model. */
export function attachmentsHeld(messages: readonly ChatMessage[], inputs?: ModelInputs): number {
	return messages.reduce((n, m) => n + (m.media ?? []).filter(sends(inputs)).length, 0);
}

/** The messages with the oldest turn that still sends attachments stripped of them; undefined when none does. */
export function withoutOldestAttachments(messages: readonly ChatMessage[], inputs?: ModelInputs): ChatMessage[] | undefined {
	const sent = sends(inputs);
	const at = messages.findIndex((m) => (m.media ?? []).some(sent));
	if (at < 0) return undefined;
	return messages.map((m, i) => (i === at ? { ...m, media: (m.media ?? []).map((item) => (sent(item) ? { ...item, data: '', kept: false, dropped: true } : item)) } : m));
}
