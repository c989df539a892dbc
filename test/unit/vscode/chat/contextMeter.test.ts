// The context meter's host side: counts the conversation plus the draft with the engine, posts
// only the newest answer, and drops the oldest exchange when asked.
import '../../../support/vscodeStubModule';
import * as assert from 'node:assert/strict';
import type { ConverseRequest } from '../../../../src/aws/bedrock/bedrockTypes';
import type { ChatMessage, HostToWebview } from '../../../../src/shared/protocol';
import { ContextMeter, withoutOldestTurn } from '../../../../src/vscode/chat/contextMeter';
import { fakeBedrockService, fakeConnection, replyWith } from '../../../support/fakeBedrockChat';
import * as vscode from 'vscode';

const m = (id: string, role: 'user' | 'assistant'): ChatMessage => ({ id, role, text: id, status: 'complete', createdAt: 0 });

describe('context meter (host)', () => {
	const workspace = vscode.workspace as unknown as { getConfiguration: (section: string) => unknown };
	const original = workspace.getConfiguration;
	before(() => {
		workspace.getConfiguration = () => ({ get: (key: string, fallback: unknown) => (key === 'chat.modelId' ? 'us.anthropic.claude-sonnet-4-20250514-v1:0' : fallback), inspect: () => undefined });
	});
	after(() => {
		workspace.getConfiguration = original;
	});

	it('drops the oldest question with its replies, keeping the rest starting with the user', () => {
		assert.deepEqual(withoutOldestTurn([m('u1', 'user'), m('a1', 'assistant'), m('u2', 'user'), m('a2', 'assistant')]).map((x) => x.id), ['u2', 'a2']);
		assert.deepEqual(withoutOldestTurn([m('u1', 'user'), m('a1', 'assistant')]), []);
	});

	function setup(counts: (request: ConverseRequest) => Promise<number>) {
		const service = fakeBedrockService(replyWith([]));
		const asked: ConverseRequest[] = [];
		service.countTokens = async (request) => {
			asked.push(request);
			return { inputTokens: await counts(request), contextWindow: 200_000, estimated: false };
		};
		const posted: HostToWebview[] = [];
		const conversation = { id: 'c', messages: [m('u1', 'user'), m('a1', 'assistant')] };
		const saved: number[] = [];
		const meter = new ContextMeter({
			signIn: { getConnection: async () => fakeConnection() } as never,
			services: { serviceFor: async () => service },
			saver: { save: async (c: { messages: unknown[] }) => void saved.push(c.messages.length) } as never,
			post: (message) => posted.push(message),
			shown: () => conversation,
			showConversation: () => posted.push({ type: 'history', conversations: [] }),
			busy: () => false,
		});
		return { meter, posted, asked, conversation, saved };
	}

	it('counts the conversation with the draft as the next user turn', async () => {
		const t = setup(async () => 1234);
		await t.meter.count('and now?');
		assert.deepEqual(t.asked[0]?.messages.map((x) => x.text), ['u1', 'a1', 'and now?']);
		assert.deepEqual(t.posted, [{ type: 'contextMeter', tokens: 1234, estimated: false, window: 200_000 }]);
	});

	it('posts only the answer to the newest count when counts overlap', async () => {
		let release: (() => void) | undefined;
		const t = setup((request) => (request.messages.at(-1)?.text === 'slow' ? new Promise((resolve) => (release = () => resolve(1))) : Promise.resolve(2)));
		const slow = t.meter.count('slow');
		await new Promise((resolve) => setImmediate(resolve));
		await t.meter.count('fast');
		release?.();
		await slow;
		assert.deepEqual(t.posted.map((p) => (p.type === 'contextMeter' ? p.tokens : -1)), [2]);
	});

	it('drops the oldest exchange, saves and shows the conversation', async () => {
		const t = setup(async () => 1);
		t.conversation.messages.push(m('u2', 'user'));
		await t.meter.dropOldestTurn();
		assert.deepEqual(t.conversation.messages.map((x) => x.id), ['u2']);
		assert.deepEqual(t.saved, [1]);
		assert.equal(t.posted.length, 1);
	});
});
