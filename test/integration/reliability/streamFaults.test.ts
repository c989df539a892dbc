// Faults while chatting, through the real engine (an SSO session) and the real Bedrock
// service against the emulator: each failure names what happened, leaves the sign-in alone,
// keeps the conversation, and the same message succeeds when sent again.
import assert from 'node:assert/strict';
import { useEmulator } from '../emulator/support';
import { failureOf, openChat, signInWithSso, startEngine, type ChatUnderTest, type EngineUnderTest } from './engineUnderTest';

describe('reliability: faults while streaming a reply (engine + Bedrock service)', function () {
	const harness = useEmulator({ autoApproveAfterPolls: 0 });
	let underTest: EngineUnderTest;
	let chat: ChatUnderTest;

	beforeEach(async () => {
		underTest = startEngine();
		await signInWithSso(underTest.engine);
		chat = openChat(underTest);
		await chat.send('first question');
	});
	afterEach(() => {
		chat.dispose();
		underTest.dispose();
	});

	/** The part every fault shares: the session survived, the history is as it was, a retry works. */
	async function assertRecoversWithHistoryIntact(prompt: string): Promise<void> {
		assert.equal(chat.history.length, 2, 'the failed turn did not enter the history');
		assert.equal(chat.session.expiry().canRefreshSilently, true, 'the sign-in is still usable');
		harness.emulator.control.clearFaults();
		const { reply } = await chat.send(prompt);
		assert.match(reply, new RegExp(`You asked: ${prompt}`));
		assert.deepEqual(
			chat.history.map((turn) => turn.role),
			['user', 'assistant', 'user', 'assistant'],
		);
		assert.equal(chat.history[0].text, 'first question', 'earlier turns are untouched');
	}

	it('reports throttling that outlasts the SDK retries as Throttled, then the same prompt succeeds', async function () {
		this.timeout(20_000);
		const { control } = harness.emulator;
		control.resetCounters();
		control.throttle('bedrock:ConverseStream', 10);
		const error = await failureOf(() => chat.send('throttled prompt'));
		assert.equal(error.code, 'Throttled');
		assert.match(error.message, /throttl/i);
		assert.match(error.action ?? '', /retry/i);
		assert.ok((control.counters()['bedrock:ConverseStream'] ?? 0) >= 3, 'the SDK retried before giving up');
		await assertRecoversWithHistoryIntact('throttled prompt');
	});

	it('reports a connection reset mid-stream as Network after partial text, then the same prompt succeeds', async () => {
		harness.emulator.control.resetStream(1, 2);
		const partial: string[] = [];
		const error = await failureOf(() =>
			chat.bedrock.converseStream(
				{ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [...chat.history, { role: 'user', text: 'reset prompt' }] },
				{ signal: new AbortController().signal, onEvent: (e) => e.type === 'text' && partial.push(e.text) },
			),
		);
		assert.ok(partial.length >= 1, 'text shown before the reset stays delivered');
		assert.ok(['Network', 'ServiceError'].includes(error.code), `code ${error.code}: ${error.message}`);
		assert.doesNotMatch(error.code, /SignInRequired/);
		await assertRecoversWithHistoryIntact('reset prompt');
	});

	it('reports an exception frame mid-stream as ServiceError, then the same prompt succeeds', async () => {
		harness.emulator.control.streamException('modelStreamErrorException', 1, 3);
		const error = await failureOf(() => chat.send('exception prompt'));
		assert.equal(error.code, 'ServiceError');
		assert.match(error.action ?? '', /retry/i);
		await assertRecoversWithHistoryIntact('exception prompt');
	});

	it('rides out a throttlingException frame before any text by retrying once inside the same send', async () => {
		harness.emulator.control.streamException('throttlingException', 1, 0);
		const { reply, events } = await chat.send('early throttle prompt');
		assert.match(reply, /You asked: early throttle prompt/);
		assert.ok(events.some((e) => e.type === 'retrying' && e.reason === 'throttled'));
		assert.equal(chat.history.length, 4);
	});

	it('succeeds with the server clock 10 minutes ahead once the SDK corrects its clock offset', async () => {
		const { control } = harness.emulator;
		control.clockSkewSeconds(600);
		control.resetCounters();
		const { reply } = await chat.send('skewed prompt');
		assert.match(reply, /You asked: skewed prompt/);
		assert.equal(control.counters()['bedrock:ConverseStream'], 2, 'one rejected attempt (Signature expired), one corrected');
		// STS (GetCallerIdentity) through the same session copes too.
		const identity = await chat.session.getIdentity();
		assert.equal(identity.accountId, '111111111111');
		assert.equal(chat.session.expiry().canRefreshSilently, true);
	});

	it('succeeds with the server clock 10 minutes behind as well', async () => {
		harness.emulator.control.clockSkewSeconds(-600);
		const { reply } = await chat.send('late clock prompt');
		assert.match(reply, /You asked: late clock prompt/);
	});

	it('leaks no issued secret into the log while faults come and go', async function () {
		this.timeout(20_000);
		const { control } = harness.emulator;
		control.resetStream(1, 1);
		await failureOf(() => chat.send('one'));
		control.streamException('validationException', 1, 1);
		await failureOf(() => chat.send('two'));
		control.clockSkewSeconds(600);
		await chat.send('three');
		assert.deepEqual(underTest.logger.leaked(control.issuedSecrets()), []);
	});
});
