// Input that cannot be right — start URL, region, account id, role name, role ARN, model id —
// gets its own error code and a message naming the value, before any call goes out; and
// prompts that are huge or binary end in a reply or a clear error, never a hang.
import assert from 'node:assert/strict';
import type { SignInSpec } from '../../../src/aws/engineTypes';
import { useEmulator } from '../emulator/support';
import { failureOf, openChat, SSO_REGION, SSO_SPEC, START_URL, signInWithSso, startEngine, type EngineUnderTest } from './engineUnderTest';

const BAD_START_URLS = ['', 'not a url', 'http://d-1234567890.awsapps.com/start', 'ftp://example.com', 'javascript:alert(1)'];
const BAD_REGIONS = ['', 'us-east', 'US-EAST-1', 'useast1', 'us-east-1a', 'moon-base-1 ', '../us-east-1', 'us-east-1; rm -rf /'];
const BAD_ACCOUNT_IDS = ['', '12345', '1234567890123', 'abcdefghijkl', '11111111111a', ' 111111111111x'];
const BAD_ROLE_ARNS = ['', 'BedrockUser', 'arn:aws:iam::123:role/x', 'arn:aws:iam::111111111111:user/alice', 'arn:aws:sts::111111111111:assumed-role/R/s', 'arn:aws:iam::111111111111:role/'];

describe('reliability: invalid input gets a specific error before any call', function () {
	const harness = useEmulator({ autoApproveAfterPolls: 0 });
	let underTest: EngineUnderTest;

	beforeEach(() => {
		underTest = startEngine();
		harness.emulator.control.resetCounters();
	});
	afterEach(() => underTest.dispose());

	const noCallsMade = (): void => assert.deepEqual(harness.emulator.control.counters(), {}, 'nothing reached AWS');

	it('start URL: InvalidStartUrl naming the problem, for sign-in and for listing accounts', async () => {
		for (const startUrl of BAD_START_URLS) {
			const signIn = await failureOf(() => underTest.engine.signInWithSso({ startUrl, ssoRegion: SSO_REGION, signal: new AbortController().signal, onDeviceCode: () => undefined }));
			assert.equal(signIn.code, 'InvalidStartUrl', `${JSON.stringify(startUrl)}: ${signIn.code}`);
			assert.match(signIn.message, /URL|https/);
			assert.match(signIn.action ?? '', /awsapps\.com\/start/);
			const list = await failureOf(() => underTest.engine.listSsoAccounts(startUrl, SSO_REGION));
			assert.equal(list.code, 'InvalidStartUrl');
		}
		noCallsMade();
	});

	it('region: InvalidRegion quoting the value, for the Identity Center region and the session region', async () => {
		for (const region of BAD_REGIONS) {
			const signIn = await failureOf(() => underTest.engine.signInWithSso({ startUrl: START_URL, ssoRegion: region, signal: new AbortController().signal, onDeviceCode: () => undefined }));
			assert.equal(signIn.code, 'InvalidRegion', `${JSON.stringify(region)}: ${signIn.code}`);
			assert.ok(signIn.message.includes(`"${region}"`), signIn.message);
			const open = await failureOf(async () => underTest.engine.openConnection({ method: 'environment' }, region));
			assert.equal(open.code, 'InvalidRegion');
			const sso = await failureOf(async () => underTest.engine.openConnection({ ...SSO_SPEC, ssoRegion: region } as SignInSpec, 'us-east-1'));
			assert.equal(sso.code, 'InvalidRegion');
		}
		noCallsMade();
	});

	it('account id: InvalidInput saying it must be 12 digits', async () => {
		for (const accountId of BAD_ACCOUNT_IDS) {
			const open = await failureOf(async () => underTest.engine.openConnection({ ...SSO_SPEC, accountId } as SignInSpec, 'us-east-1'));
			assert.equal(open.code, 'InvalidInput', `${JSON.stringify(accountId)}: ${open.code}`);
			assert.match(open.message, /12 digits/);
			const roles = await failureOf(() => underTest.engine.listSsoRoles(START_URL, SSO_REGION, accountId));
			assert.equal(roles.code, 'InvalidInput');
		}
		noCallsMade();
	});

	it('role name: InvalidInput for an empty or impossible permission-set name', async () => {
		for (const roleName of ['', '   ', 'Bedrock User', 'Role/With/Slashes', 'R'.repeat(129), 'Role<script>']) {
			const open = await failureOf(async () => underTest.engine.openConnection({ ...SSO_SPEC, roleName } as SignInSpec, 'us-east-1'));
			assert.equal(open.code, 'InvalidInput', `${JSON.stringify(roleName.slice(0, 20))}: ${open.code}: ${open.message}`);
		}
		noCallsMade();
	});

	it('role ARN: InvalidInput showing the expected form', async () => {
		for (const roleArn of BAD_ROLE_ARNS) {
			const open = await failureOf(async () => underTest.engine.openConnection({ method: 'assumeRole', base: { method: 'environment' }, roleArn }, 'us-east-1'));
			assert.equal(open.code, 'InvalidInput', `${JSON.stringify(roleArn)}: ${open.code}`);
			assert.match(open.action ?? '', /arn:aws:iam::123456789012:role\/RoleName/);
		}
		noCallsMade();
	});

	it('model id: Validation for an empty, unknown, malformed or over-long id, and the chat keeps working', async () => {
		await signInWithSso(underTest.engine);
		const chat = openChat(underTest);
		try {
			const ask = (modelId: string) =>
				chat.bedrock.converseStream({ modelId, messages: [{ role: 'user', text: 'hello' }] }, { signal: new AbortController().signal, onEvent: () => undefined });
			const empty = await failureOf(() => ask('   '));
			assert.equal(empty.code, 'Validation');
			assert.match(empty.message, /No model/);
			for (const modelId of ['no-such-model', 'anthropic.claude v2', 'arn:aws:bedrock:us-east-1:111111111111:foundation-model/nope', 'x'.repeat(3000), '../../../etc/passwd']) {
				const error = await failureOf(() => ask(modelId));
				assert.equal(error.code, 'Validation', `${modelId.slice(0, 40)}: ${error.code}: ${error.message}`);
				assert.match(error.action ?? '', /model/i);
			}
			const { reply } = await chat.send('still works');
			assert.match(reply, /You asked: still works/);
		} finally {
			chat.dispose();
		}
	});

	it('a 2 MB prompt ends in a reply or a clear error within seconds, and the next prompt works', async function () {
		this.timeout(30_000);
		await signInWithSso(underTest.engine);
		const chat = openChat(underTest);
		try {
			const huge = 'word '.repeat(400_000);
			// The emulator's default reply echoes the prompt; a short queued reply keeps this about the request.
			harness.emulator.control.setNextReplies(['Too long to read, but here is an answer.']);
			const started = Date.now();
			try {
				const { reply } = await chat.send(huge);
				assert.equal(reply, 'Too long to read, but here is an answer.');
			} catch (error) {
				const e = error as { code?: string; message: string };
				assert.ok(['Validation', 'ServiceError'].includes(e.code ?? ''), `${e.code}: ${e.message}`);
				assert.ok(e.message.length < 1000, 'the error does not echo the prompt');
				// Refused before the model ran (400,000 words exceed its context window): the queued reply is unused.
				harness.emulator.control.reset();
			}
			assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
			const { reply } = await chat.send('short one');
			assert.match(reply, /You asked: short one/);
		} finally {
			chat.dispose();
		}
	});

	it('a binary prompt (NUL, control characters, lone surrogates) gets a reply or a Validation error, not a crash', async () => {
		await signInWithSso(underTest.engine);
		const chat = openChat(underTest);
		try {
			const binary = Array.from({ length: 4096 }, (_, i) => String.fromCharCode(i % 256)).join('') + '\uD800\uDFFF\uDC00 \u0000end';
			try {
				await chat.send(binary);
			} catch (error) {
				const e = error as { code?: string; message: string };
				assert.equal(e.code, 'Validation', `${e.code}: ${e.message}`);
			}
			const { reply } = await chat.send('after binary');
			assert.match(reply, /You asked: after binary/);
		} finally {
			chat.dispose();
		}
	});
});
