// What the fake model says: queued exact replies, long filler replies, or by default a markdown
// answer that exercises a renderer and echoes the user's last message.
import type { ReplySettings } from './state';
import type { ScriptedReply } from './types';

export interface ConverseMessage {
	role?: unknown;
	content?: unknown;
}

function textBlocks(content: unknown): string[] {
	if (!Array.isArray(content)) {
		return [];
	}
	return content.flatMap((block: unknown) =>
		block !== null && typeof block === 'object' && typeof (block as { text?: unknown }).text === 'string' ? [(block as { text: string }).text] : [],
	);
}

export function lastUserText(messages: readonly ConverseMessage[]): string {
	const lastUser = [...messages].reverse().find((message) => message.role === 'user');
	return lastUser ? textBlocks(lastUser.content).join('\n') : '';
}

export function countWords(text: string): number {
	return text.split(/\s+/).filter((word) => word.length > 0).length;
}

const FILLER = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima'];

/** `words` words in paragraphs of twelve, so long replies also exercise paragraph rendering. */
function fillerText(words: number): string {
	const paragraphs: string[] = [];
	for (let start = 0; start < words; start += 12) {
		const paragraph: string[] = [];
		for (let i = start; i < Math.min(words, start + 12); i++) {
			paragraph.push(FILLER[i % FILLER.length]);
		}
		paragraphs.push(paragraph.join(' '));
	}
	return paragraphs.join('\n\n');
}

export function markdownReply(userText: string): string {
	const quoted = userText.trim().length > 0 ? userText.trim() : '(empty message)';
	return [
		'## Emulated answer',
		'',
		`You asked: ${quoted}`,
		'',
		'Here is what I would check:',
		'',
		'- Your credentials come from `fromNodeProviderChain()`',
		'- The region is set to **us-east-1**',
		'- Streaming uses `ConverseStream`',
		'',
		'```typescript',
		'function greet(name: string): string {',
		'\treturn `Hello, ${name}!`;',
		'}',
		'```',
		'',
		'See the [Amazon Bedrock documentation](https://docs.aws.amazon.com/bedrock/) for more.',
	].join('\n');
}

export interface ChosenReply {
	text: string;
	script: ScriptedReply;
	/** Queued replies broken off by a stream fault go back to the queue (see requeue). */
	queued: boolean;
}

/** What setNextReplies accepts, as the queue keeps it. */
export function toScriptedReply(entry: string | ScriptedReply): ScriptedReply {
	if (typeof entry === 'string') {
		return { text: entry };
	}
	if (entry === null || typeof entry !== 'object') {
		throw new Error('A scripted reply is a string or an object {text?, toolUses?, reasoning?, redactedReasoning?}');
	}
	return entry;
}

/** `defaultText` is what the model says unprompted (computed only when nothing is queued). */
export function nextReply(settings: ReplySettings, defaultText: () => string): ChosenReply {
	const queued = settings.queued.shift();
	if (queued !== undefined) {
		return { text: queued.text ?? '', script: queued, queued: true };
	}
	const text = settings.lengthWords !== undefined ? fillerText(settings.lengthWords) : defaultText();
	return { text, script: { text }, queued: false };
}

/** A queued reply is meant for a reply that completes: one a fault broke off is served again next. */
export function requeue(settings: ReplySettings, reply: ChosenReply): void {
	if (reply.queued) {
		settings.queued.unshift(reply.script);
	}
}

/** Splits on code points so no delta ever carries half a surrogate pair. */
export function chunkText(text: string, chunkChars: number): string[] {
	const codePoints = Array.from(text);
	const chunks: string[] = [];
	for (let i = 0; i < codePoints.length; i += chunkChars) {
		chunks.push(codePoints.slice(i, i + chunkChars).join(''));
	}
	return chunks;
}
