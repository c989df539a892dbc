// The chat panel's message handling in plain Node: a fake webview panel talks to the real
// ChatPanel (VS Code stubbed), which uses a hand-written Bedrock service behind ChatServices.
import { vscodeStub } from '../../../support/vscodeStubModule';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { BedrockConnectError } from '../../../../src/aws/errors';
import type { Connection } from '../../../../src/aws/engineTypes';
import type { HostToWebview, WebviewToHost } from '../../../../src/shared/protocol';
import type { ChatDependencies } from '../../../../src/vscode/chat/chatDependencies';
import { ChatPanel } from '../../../../src/vscode/chat/chatPanel';
import { ChatServices } from '../../../../src/vscode/chat/chatServices';
import { HistoryStore } from '../../../../src/vscode/chat/historyStore';
import type { EngineModuleType } from '../../../../src/vscode/engineLoader';
import { fakeBedrockService, fakeConnection, replyWith, untilAborted, type ReplyScript } from '../../../support/fakeBedrockChat';
import { RecordingLogger } from '../../../support/recordingLogger';

type Listener = (value: unknown) => void;
function event(listeners: Set<Listener>) {
	return (listener: Listener) => {
		listeners.add(listener);
		return { dispose: () => listeners.delete(listener) };
	};
}

/** The webview panel as the ChatPanel uses it; `fromPage` plays the page's part. */
class FakeWebviewPanel {
	readonly posted: HostToWebview[] = [];
	visible = true;
	private readonly viewState = new Set<Listener>();
	private readonly received = new Set<Listener>();
	private readonly disposed = new Set<Listener>();
	readonly webview = {
		html: '',
		options: {},
		cspSource: 'vscode-webview:',
		asWebviewUri: (uri: unknown) => uri,
		postMessage: async (message: HostToWebview) => {
			this.posted.push(message);
			return true;
		},
		onDidReceiveMessage: event(this.received),
	};
	readonly onDidDispose = event(this.disposed);
	readonly onDidChangeViewState = event(this.viewState);
	reveal(): void {}
	/** The user switched to another tab: without retained context the page is destroyed. */
	hide(): void {
		this.visible = false;
		this.viewState.forEach((l) => l(undefined));
	}
	/** Back on the tab: a new page loads and says ready. */
	show(): void {
		this.visible = true;
		this.viewState.forEach((l) => l(undefined));
		this.fromPage({ type: 'ready', version: 1 });
	}
	private isDisposed = false;
	/** As in VS Code: onDidDispose fires once, however often dispose() is called. */
	dispose(): void {
		if (!this.isDisposed) {
			this.isDisposed = true;
			this.disposed.forEach((l) => l(undefined));
		}
	}
	fromPage(message: WebviewToHost | unknown): void {
		this.received.forEach((l) => l(message));
	}
	ofType<T extends HostToWebview['type']>(type: T): Array<Extract<HostToWebview, { type: T }>> {
		return this.posted.filter((m): m is Extract<HostToWebview, { type: T }> => m.type === type);
	}
}

/** Waits (a few event-loop turns at a time) until `done` holds. */
async function until(done: () => boolean, what: string): Promise<void> {
	for (let i = 0; i < 200 && !done(); i++) {
		await new Promise((resolve) => setImmediate(resolve));
	}
	assert.ok(done(), `timed out waiting for ${what}`);
}

function memento() {
	const data = new Map<string, unknown>();
	return { get: <T>(key: string) => data.get(key) as T | undefined, update: async (key: string, value: unknown) => void data.set(key, value) };
}

function setup(reply: ReplyScript, { signedOut = false } = {}) {
	const connection: Connection | undefined = signedOut ? undefined : fakeConnection();
	const service = fakeBedrockService(reply, { models: [{ id: 'm1', label: 'Model One', kind: 'foundationModel' }], warnings: [] });
	const logger = new RecordingLogger();
	const deps: ChatDependencies = {
		signIn: { getConnection: async () => connection, onDidChangeConnection: event(new Set()) as vscode.Event<void>, signIn: async () => connection },
		loadEngine: async () => ({ createBedrockService: () => service }) as unknown as EngineModuleType,
		logger,
	};
	const history = new HistoryStore(memento());
	const fake = new FakeWebviewPanel();
	const extensionUri = { scheme: 'file', path: '/ext' } as unknown as vscode.Uri;
	const panel = ChatPanel.revive(fake as unknown as vscode.WebviewPanel, { extensionUri, deps, history, services: new ChatServices(deps) }, undefined);
	return { fake, panel, history, logger, service };
}

async function readyWithModel(fake: FakeWebviewPanel): Promise<void> {
	fake.fromPage({ type: 'ready', version: 1 });
	fake.fromPage({ type: 'selectModel', modelId: 'm1' });
	await until(() => fake.ofType('models').some((m) => !m.model.loading), 'the model list');
}

describe('chat panel', () => {
	let panel: ChatPanel | undefined;
	afterEach(() => panel?.dispose());

	it('answers ready with the whole state, then the model list', async () => {
		const t = setup(replyWith([]));
		panel = t.panel;
		assert.match(t.fake.webview.html, /<html/);
		t.fake.fromPage({ type: 'ready', version: 1 });
		await until(() => t.fake.ofType('models').some((m) => !m.model.loading), 'the model list');
		const [init] = t.fake.ofType('init');
		assert.deepEqual(init?.conversation.messages, []);
		assert.deepEqual(init?.conversations, []);
		assert.equal(init?.model.loading, true);
		assert.deepEqual(t.fake.ofType('models').at(-1)?.model.choices.map((c) => c.id).includes('m1'), true);
	});

	it('posts nothing before the page is ready', () => {
		const t = setup(replyWith([]));
		panel = t.panel;
		t.panel.newChat();
		assert.deepEqual(t.fake.posted, []);
	});

	it('answers a malformed send with an error for its request, and logs only its shape', async () => {
		const t = setup(replyWith([]));
		panel = t.panel;
		t.fake.fromPage({ type: 'ready', version: 1 });
		t.fake.fromPage({ type: 'send', requestId: 'r1', text: 'x'.repeat(200_000), context: [] });
		const error = t.fake.ofType('error')[0];
		assert.equal(error?.requestId, 'r1');
		assert.equal(error?.error.code, 'RejectedRequest');
		assert.ok(t.logger.lines.some((l) => l.startsWith('warn rejected a malformed message from the webview (type=send, 4 fields)')));
	});

	it('streams a reply into the page and saves the conversation', async () => {
		const t = setup(replyWith(['Hi', ' there'], { stopReason: 'end_turn', usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 } }));
		panel = t.panel;
		await readyWithModel(t.fake);
		t.fake.fromPage({ type: 'send', requestId: 'r1', text: 'Hello', context: [] });
		await until(() => t.fake.ofType('turnEnded').length > 0, 'the end of the turn');
		const [started] = t.fake.ofType('turnStarted');
		assert.equal(started?.user?.text, 'Hello');
		assert.equal(t.fake.ofType('delta').map((d) => d.text).join(''), 'Hi there');
		assert.deepEqual(t.fake.ofType('turnEnded')[0], { type: 'turnEnded', requestId: 'r1', messageId: started?.assistant.id, status: 'complete', usage: { inputTokens: 1, outputTokens: 2 } });
		assert.deepEqual(t.service.requests[0]?.messages, [{ role: 'user', text: 'Hello' }]);
		await until(() => t.history.list()[0]?.messageCount === 2, 'the saved conversation');
		assert.deepEqual(t.history.mostRecent()?.messages.map((m) => `${m.role}:${m.text}:${m.status}`), ['user:Hello:complete', 'assistant:Hi there:complete']);
		assert.ok(t.fake.ofType('history').length > 0);
	});

	it('asks to sign in when signed out', async () => {
		const t = setup(replyWith([]), { signedOut: true });
		panel = t.panel;
		t.fake.fromPage({ type: 'ready', version: 1 });
		t.fake.fromPage({ type: 'send', requestId: 'r1', text: 'Hello', context: [] });
		await until(() => t.fake.ofType('error').length > 0, 'the banner');
		assert.equal(t.fake.ofType('error')[0]?.error.code, 'SignInRequired');
	});

	it('puts the prompt back when the reply fails before any text', async () => {
		const t = setup(async () => {
			throw new BedrockConnectError('Throttled', 'Bedrock is throttling requests.');
		});
		panel = t.panel;
		await readyWithModel(t.fake);
		const context = [{ kind: 'selection' as const, label: 'a.ts:1', language: 'typescript', text: 'x' }];
		t.fake.fromPage({ type: 'send', requestId: 'r1', text: 'Hello', context });
		await until(() => t.fake.ofType('error').length > 0, 'the banner');
		const [started] = t.fake.ofType('turnStarted');
		const [error] = t.fake.ofType('error');
		assert.equal(error?.error.message, 'Bedrock is throttling requests.');
		assert.deepEqual(error?.restorePrompt, { text: 'Hello', context });
		assert.deepEqual(error?.removedMessageIds, [started?.assistant.id, started?.user?.id]);
	});

	it('stops the streaming reply on stop, and refuses a second send meanwhile', async () => {
		const t = setup(async (_request, { signal, onEvent }) => {
			onEvent({ type: 'text', text: 'partial' });
			await untilAborted(signal);
			throw new BedrockConnectError('Cancelled', 'Stopped.');
		});
		panel = t.panel;
		await readyWithModel(t.fake);
		t.fake.fromPage({ type: 'send', requestId: 'r1', text: 'Hello', context: [] });
		await until(() => t.fake.ofType('delta').length > 0, 'the first text');
		t.fake.fromPage({ type: 'send', requestId: 'r2', text: 'Again', context: [] });
		await until(() => t.fake.ofType('error').length > 0, 'the busy banner');
		assert.equal(t.fake.ofType('error')[0]?.error.code, 'Busy');
		t.fake.fromPage({ type: 'stop', requestId: 'r1' });
		await until(() => t.fake.ofType('turnEnded').length > 0, 'the end of the turn');
		assert.equal(t.fake.ofType('turnEnded')[0]?.status, 'stopped');
	});

	it('starts a new chat and deletes a conversation', async () => {
		const t = setup(replyWith(['ok']));
		panel = t.panel;
		await readyWithModel(t.fake);
		t.fake.fromPage({ type: 'send', requestId: 'r1', text: 'Hello', context: [] });
		await until(() => t.history.list().length === 1 && t.fake.ofType('turnEnded').length > 0, 'the saved conversation');
		const id = t.history.list()[0]?.id ?? '';
		t.fake.fromPage({ type: 'deleteConversation', conversationId: id });
		await until(() => t.fake.ofType('history').at(-1)?.conversations.length === 0, 'the deletion');
		const shown = t.fake.ofType('conversation').at(-1);
		assert.deepEqual(shown?.conversation.messages, [], 'deleting the open conversation opens a new one');
		assert.notEqual(shown?.conversation.id, id);
		assert.deepEqual(t.fake.posted.at(-1), { type: 'history', conversations: [] });
	});

	it('keeps the banner and the prompt of a turn that failed while the panel was hidden, for when it shows again', async () => {
		let fail: () => void = () => undefined;
		const t = setup(async () => {
			await new Promise<void>((resolve) => { fail = resolve; });
			throw new BedrockConnectError('Throttled', 'Bedrock is throttling requests.');
		});
		panel = t.panel;
		await readyWithModel(t.fake);
		t.fake.fromPage({ type: 'send', requestId: 'r1', text: 'Hello', context: [] });
		await until(() => t.fake.ofType('turnStarted').length > 0, 'the start of the turn');
		t.fake.hide();
		const postedWhileShown = t.fake.posted.length;
		fail();
		await until(() => t.logger.lines.some((l) => l.startsWith('warn reply failed')), 'the failed turn');
		for (let i = 0; i < 5; i++) {
			await new Promise((resolve) => setImmediate(resolve));
		}
		assert.equal(t.fake.posted.length, postedWhileShown, 'nothing reaches a hidden page');
		t.fake.show();
		const afterShow = t.fake.posted.slice(postedWhileShown);
		assert.equal(afterShow[0]?.type, 'init', 'the new page gets its state first');
		assert.deepEqual(afterShow[0]?.type === 'init' && afterShow[0].conversation.messages, [], 'the unanswered prompt is not in the transcript');
		const errors = afterShow.filter((m): m is Extract<HostToWebview, { type: 'error' }> => m.type === 'error');
		assert.equal(errors.length, 1, 'the banner is delivered once');
		assert.equal(errors[0]?.error.message, 'Bedrock is throttling requests.');
		assert.deepEqual(errors[0]?.restorePrompt, { text: 'Hello', context: [] }, 'the prompt goes back into the input');
		assert.ok(afterShow.indexOf(errors[0]) > 0, 'after init, which would hide the banner');
	});

	it('deletes the conversation whose reply is streaming: the turn stops and the conversation stays deleted', async () => {
		let aborted = false;
		const t = setup(async (_request, { signal, onEvent }) => {
			onEvent({ type: 'text', text: 'partial' });
			await untilAborted(signal);
			aborted = true;
			throw new BedrockConnectError('Cancelled', 'Stopped.');
		});
		panel = t.panel;
		await readyWithModel(t.fake);
		t.fake.fromPage({ type: 'send', requestId: 'r1', text: 'Hello', context: [] });
		await until(() => t.fake.ofType('delta').length > 0 && t.history.list().length === 1, 'the saved streaming reply');
		const id = t.history.list()[0]?.id ?? '';
		t.fake.fromPage({ type: 'deleteConversation', conversationId: id });
		await until(() => aborted, 'the stopped turn');
		for (let i = 0; i < 10; i++) {
			await new Promise((resolve) => setImmediate(resolve));
		}
		assert.equal(t.history.get(id), undefined, 'the end of the turn does not save it back');
		assert.deepEqual(t.history.list(), []);
		assert.deepEqual(t.fake.ofType('history').at(-1)?.conversations, [], 'the page lists it no more');
		t.fake.fromPage({ type: 'send', requestId: 'r2', text: 'Next', context: [] });
		await until(() => t.fake.ofType('turnStarted').length === 2, 'a new turn');
		assert.notEqual(t.fake.ofType('turnStarted')[1]?.user?.id, undefined, 'a new turn can start');
	});

	it('refuses a model id from the page that the host would not accept, and writes no setting', async () => {
		const t = setup(replyWith([]));
		panel = t.panel;
		await readyWithModel(t.fake);
		const writes: unknown[] = [];
		const original = vscodeStub.workspace.getConfiguration;
		const configuration = original('bedrockConnect');
		vscodeStub.workspace.getConfiguration = (() => ({ ...configuration, get: configuration.get, update: async (key: string, value: unknown) => void writes.push([key, value]) })) as typeof original;
		try {
			for (const modelId of ['claude 3; rm -rf ~', 'm1\nmodel', '<img src=x>', '   ']) {
				t.fake.fromPage({ type: 'selectModel', modelId });
			}
			await until(() => t.fake.ofType('error').length === 4, 'a refusal for each');
			t.fake.fromPage({ type: 'selectModel', modelId: 'us.anthropic.claude-3-5-haiku-20241022-v1:0' });
			await until(() => writes.length === 1, 'the valid choice written');
		} finally {
			vscodeStub.workspace.getConfiguration = original;
		}
		assert.deepEqual(writes, [['chat.modelId', 'us.anthropic.claude-3-5-haiku-20241022-v1:0']], 'only the valid id reached the settings');
		const [refusal] = t.fake.ofType('error');
		assert.equal(refusal?.error.code, 'InvalidModelId');
		assert.match(refusal?.error.message ?? '', /model id or ARN/);
		assert.ok(t.logger.lines.some((l) => l.startsWith('warn refused a model id from the webview')));
		assert.ok(t.logger.lines.every((l) => !l.includes('rm -rf')), 'the refused text is not logged');
	});
});
