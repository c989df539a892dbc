// Stored messages → Converse turns: alternating roles, user first and last, context fenced.
import * as assert from 'node:assert/strict';
import type { ChatMessage } from '../../../../src/shared/protocol';
import { formatAttachment, toChatTurns, userTurnText } from '../../../../src/vscode/chat/conversationRequest';

function m(role: 'user' | 'assistant', text: string, extra: Partial<ChatMessage> = {}): ChatMessage {
	return { id: Math.random().toString(36), role, text, status: 'complete', createdAt: 0, ...extra };
}

describe('conversation → Converse request', () => {
	it('sends a plain exchange as it is', () => {
		assert.deepEqual(toChatTurns([m('user', 'hi'), m('assistant', 'hello'), m('user', 'more')]), [
			{ role: 'user', text: 'hi' },
			{ role: 'assistant', text: 'hello' },
			{ role: 'user', text: 'more' },
		]);
	});

	it('keeps stopped and incomplete replies as context', () => {
		const turns = toChatTurns([m('user', 'a'), m('assistant', 'part', { status: 'stopped' }), m('user', 'b')]);
		assert.deepEqual(turns.map((t) => t.text), ['a', 'part', 'b']);
	});

	it('skips empty replies and merges the user turns around them', () => {
		const turns = toChatTurns([m('user', 'a'), m('assistant', ''), m('user', 'b')]);
		assert.deepEqual(turns, [{ role: 'user', text: 'a\n\nb' }]);
	});

	it('never starts or ends with an assistant turn', () => {
		const turns = toChatTurns([m('assistant', 'orphan'), m('user', 'q'), m('assistant', 'streaming…', { status: 'streaming' })]);
		assert.deepEqual(turns, [{ role: 'user', text: 'q' }]);
	});

	it('puts attached context before the prompt, each in a fence with its language', () => {
		const text = userTurnText({
			text: 'What does this do?',
			context: [{ kind: 'selection', label: 'src/app.ts:3-5', language: 'typescript', text: 'const x = 1;' }],
		});
		assert.equal(text, 'Selection from src/app.ts:3-5:\n```typescript\nconst x = 1;\n```\n\nWhat does this do?');
	});

	it('uses a fence longer than any backtick run inside the attached text', () => {
		const block = formatAttachment({ kind: 'file', label: 'README.md', language: 'markdown', text: '```js\nx\n````' });
		assert.ok(block.startsWith('File README.md:\n`````markdown\n'));
		assert.ok(block.endsWith('\n`````'));
	});
});
