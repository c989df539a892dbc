// "Drop attachments" of the context meter: earlier turns' images and documents lose their bytes,
// oldest turn first, while the conversation does not fit; their names stay (the transcript and
// the text sent to the model name them). Pure.
import type { ChatMessage } from '../../shared/protocol';

const sendsBytes = (m: { kept?: boolean; data: string }) => m.kept !== false && m.data.length > 0;

/** How many attachments the conversation still sends. */
export function attachmentsHeld(messages: readonly ChatMessage[]): number {
	return messages.reduce((n, m) => n + (m.media ?? []).filter(sendsBytes).length, 0);
}

/** The messages with the oldest turn that still sends attachments stripped of them; undefined when none does. */
export function withoutOldestAttachments(messages: readonly ChatMessage[]): ChatMessage[] | undefined {
	const at = messages.findIndex((m) => (m.media ?? []).some(sendsBytes));
	if (at < 0) return undefined;
	return messages.map((m, i) => (i === at ? { ...m, media: (m.media ?? []).map((item) => (sendsBytes(item) ? { ...item, data: '', kept: false, dropped: true } : item)) } : m));
}
