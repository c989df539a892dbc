// The host's check of a prompt's images and documents (the page checked them too, but the
// host trusts nothing it sends): each file against Bedrock's limits, and the count over the
// whole request, since earlier turns' attachments are sent again.
import { countRefusal, refusalOf } from '../../shared/attachmentRules';
import type { ChatErrorView, ChatMessage, MediaAttachment } from '../../shared/protocol';

export function attachmentRefusal(media: readonly MediaAttachment[], earlier: readonly ChatMessage[]): ChatErrorView | undefined {
	for (const item of media) {
		const refusal = refusalOf(item.name, Buffer.from(item.data, 'base64'));
		if (refusal) return view(refusal);
	}
	const kept = earlier.flatMap((m) => (m.media ?? []).filter((a) => a.kept !== false).map((a) => a.kind));
	const tooMany = countRefusal([...kept, ...media.map((m) => m.kind)]);
	return tooMany ? view(tooMany) : undefined;
}

function view(message: string): ChatErrorView {
	return { code: 'AttachmentRefused', message, action: 'Nothing was sent; your prompt and attachments are back in the input.', actions: [] };
}
