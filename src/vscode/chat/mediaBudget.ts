// How much of a conversation's images and documents the stored history keeps. The newest
// attachments are kept while they fit; older ones lose their bytes and are marked as not
// kept (the transcript says so, and later turns name them instead of sending them).
import type { ChatMessage } from '../../shared/protocol';

export function keepMediaWithin(messages: readonly ChatMessage[], maxChars: number): ChatMessage[] {
	let used = 0;
	const kept = [...messages].reverse().map((message) => {
		if (!message.media?.length) return message;
		const media = [...message.media].reverse().map((item) => {
			if (item.kept === false || item.data.length === 0) return { ...item, data: '', kept: false };
			if (used + item.data.length > maxChars) return { ...item, data: '', kept: false };
			used += item.data.length;
			return item;
		});
		return { ...message, media: media.reverse() };
	});
	return kept.reverse();
}
