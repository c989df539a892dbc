// The outbox of the chat panel: what it holds for a page that is away, and in what order the
// page gets it back (init first, then the held messages).
import * as assert from 'node:assert/strict';
import type { ChatErrorView, HostToWebview } from '../../../../src/shared/protocol';
import { WebviewOutbox } from '../../../../src/vscode/chat/webviewOutbox';

const init: Extract<HostToWebview, { type: 'init' }> = {
	type: 'init',
	conversation: { id: 'c', title: '', messages: [] },
	conversations: [],
	model: { selected: '', choices: [], warnings: [], loading: false },
};
const throttled: ChatErrorView = { code: 'Throttled', message: 'Slow down.', actions: ['retry'] };
const attachment = (n: number) => ({ kind: 'selection' as const, label: `a${n}`, language: 'ts', text: 'x' });

function outbox() {
	const delivered: HostToWebview[] = [];
	return { delivered, box: new WebviewOutbox((m) => delivered.push(m)) };
}

describe('chat webview outbox', () => {
	it('delivers at once while the page is there, and holds nothing then', () => {
		const { delivered, box } = outbox();
		box.reopen(init);
		box.post({ type: 'history', conversations: [] });
		assert.deepEqual(delivered.map((m) => m.type), ['init', 'history']);
		assert.equal(box.heldCount, 0);
	});

	it('holds errors and prompts to restore, in order, and delivers them after init', () => {
		const { delivered, box } = outbox();
		box.reopen(init);
		box.close();
		box.post({ type: 'delta', requestId: 'r', messageId: 'm', text: 'x' });
		box.post({ type: 'error', requestId: 'r', error: throttled, restorePrompt: { text: 'Hello', context: [] }, removedMessageIds: ['m'] });
		box.post({ type: 'models', model: init.model });
		box.post({ type: 'signedIn' });
		assert.equal(delivered.length, 1, 'nothing reaches the page while it is away');
		box.reopen(init);
		assert.deepEqual(delivered.slice(1).map((m) => m.type), ['init', 'error', 'signedIn']);
		assert.equal(box.heldCount, 0);
	});

	it('stays bounded: state init carries is not held, one notice per kind, attachments up to the limit', () => {
		const { delivered, box } = outbox();
		for (let i = 0; i < 1000; i++) {
			box.post({ type: 'delta', requestId: 'r', messageId: 'm', text: 'x' });
			box.post({ type: 'history', conversations: [] });
			box.post({ type: 'error', error: throttled });
			box.post({ type: 'signedIn' });
			box.post({ type: 'contextAdded', attachment: attachment(i) });
		}
		box.post({ type: 'error', error: throttled, restorePrompt: { text: 'a', context: [] } });
		box.post({ type: 'error', error: throttled, restorePrompt: { text: 'b', context: [] } });
		box.reopen(init);
		const types = delivered.map((m) => m.type);
		assert.deepEqual(types.filter((t) => t === 'error').length, 3, 'one plain notice, and both prompts to restore');
		assert.deepEqual(types.filter((t) => t === 'contextAdded').length, 8);
		assert.deepEqual(types.filter((t) => t === 'signedIn').length, 1);
		assert.equal(types.includes('delta') || types.includes('history'), false);
		assert.equal(types[0], 'init');
	});
});
