import '../../../support/vscodeStubModule';
import * as assert from 'node:assert/strict';
import type { Connection, SignInSpec } from '../../../../src/aws/engineTypes';
import { CredentialAccess, type AccessDecision } from '../../../../src/vscode/api/credentialAccess';
import { createExportedApi } from '../../../../src/vscode/api/exportedApi';

function memento(): { get<T>(key: string): T | undefined; update(key: string, value: unknown): Promise<void>; data: Map<string, unknown> } {
	const data = new Map<string, unknown>();
	return { data, get: <T>(key: string) => data.get(key) as T | undefined, update: async (key, value) => void data.set(key, value) };
}

const EXPIRES = new Date('2026-12-02T04:00:00Z');

function connection(spec: SignInSpec = { method: 'profile', profile: 'dev' }): Connection & { calls: number } {
	const c = {
		calls: 0,
		spec,
		region: 'eu-west-1',
		credentials: async () => {
			c.calls++;
			return { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token', expiration: EXPIRES };
		},
		currentIdentity: () => ({ arn: 'arn:aws:iam::111111111111:user/alice', accountId: '111111111111', userId: 'AIDA', principal: { kind: 'iamUser' as const, partition: 'aws', accountId: '111111111111', name: 'alice' } }),
	};
	return c as unknown as Connection & { calls: number };
}

describe('exported API and per-extension consent', () => {
	let state: ReturnType<typeof memento>;
	let asked: string[];
	let answer: AccessDecision | undefined;
	let current: Connection | undefined;
	let caller: string | undefined;
	let listeners: Array<() => void>;
	let api: ReturnType<typeof createExportedApi>;

	beforeEach(() => {
		state = memento();
		asked = [];
		answer = 'allowed';
		current = connection();
		caller = 'acme.deployer';
		listeners = [];
		const access = new CredentialAccess({
			globalState: state,
			ask: async (id) => {
				asked.push(id);
				await new Promise((r) => setTimeout(r, 5));
				return answer;
			},
		});
		api = createExportedApi({
			signIn: {
				getConnection: async () => current,
				onDidChangeConnection: (listener: () => void) => {
					listeners.push(listener);
					return { dispose: () => undefined };
				},
			} as never,
			access,
			caller: () => caller,
		});
	});

	it('asks once per extension however many calls arrive, remembers only the id and the decision', async () => {
		const provider = api.getCredentials();
		const all = await Promise.all([provider(), provider(), provider(), api.getIdentity()]);
		assert.equal(asked.length, 1);
		assert.equal(all[0].accessKeyId, 'ASIAEXAMPLE');
		assert.equal(all[0].expiration, EXPIRES);
		assert.equal(all[0].accountId, '111111111111');
		assert.deepEqual(all[3], { arn: 'arn:aws:iam::111111111111:user/alice', accountId: '111111111111', region: 'eu-west-1', method: 'profile' });
		assert.deepEqual([...state.data], [['bedrockConnect.credentialAccess', { 'acme.deployer': 'allowed' }]]);
		await provider();
		assert.equal(asked.length, 1, 'remembered');
	});

	it('serves each call from the Connection\'s refreshing provider (renewal is the Connection\'s)', async () => {
		const provider = api.getCredentials();
		await provider();
		await provider();
		assert.equal((current as Connection & { calls: number }).calls, 2);
	});

	it('a denied extension gets AccessDenied, remembered; a dismissed question is asked again', async () => {
		answer = 'denied';
		await assert.rejects(api.getCredentials()(), (e: Error & { code?: string }) => e.code === 'AccessDenied' && /acme\.deployer is not allowed/.test(e.message));
		await assert.rejects(api.getIdentity(), (e: Error & { code?: string }) => e.code === 'AccessDenied');
		assert.equal(asked.length, 1);
		caller = 'other.ext';
		answer = undefined;
		await assert.rejects(api.getCredentials()());
		await assert.rejects(api.getCredentials()());
		assert.deepEqual(asked, ['acme.deployer', 'other.ext', 'other.ext']);
	});

	it('a caller that cannot be named is refused without asking', async () => {
		caller = undefined;
		await assert.rejects(api.getCredentials()(), (e: Error & { code?: string }) => e.code === 'AccessDenied' && /could not tell which extension/.test(e.message));
		assert.equal(asked.length, 0);
	});

	it('revoking forgets the decision: the extension is asked again', async () => {
		await api.getCredentials()();
		const access = new CredentialAccess({ globalState: state, ask: async () => 'allowed' });
		assert.deepEqual(access.decisions(), { 'acme.deployer': 'allowed' });
		await access.forget(['acme.deployer']);
		assert.deepEqual(access.decisions(), {});
	});

	it('signed out or signed in with a Bedrock API key: SignInRequired from the provider, undefined identity', async () => {
		current = undefined;
		await assert.rejects(api.getCredentials()(), (e: Error & { code?: string }) => e.code === 'SignInRequired');
		assert.equal(await api.getIdentity(), undefined);
		current = connection({ method: 'bedrockApiKey' });
		await assert.rejects(api.getCredentials()(), (e: Error & { code?: string }) => e.code === 'SignInRequired');
	});

	it('onDidChange follows the sign-in\'s changes', () => {
		let fired = 0;
		api.onDidChange(() => fired++);
		listeners.forEach((l) => l());
		assert.equal(fired, 1);
	});
});
