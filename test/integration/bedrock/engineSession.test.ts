// The Bedrock service on a real SSO session from the credential engine: when every credential
// expires server-side mid-conversation, the next message succeeds with exactly one forced
// refresh of the session, through the same cached Bedrock client.
import assert from 'node:assert/strict';
import type { Engine, Connection } from '../../../src/aws/engineTypes';
import type { BedrockService, StreamEvent } from '../../../src/aws/bedrock/bedrockTypes';
import { createBedrockService } from '../../../src/aws/bedrock/bedrockService';
import { createEngine } from '../../../src/aws/credentialEngine';
import { silentLogger } from '../../../src/aws/ports';
import { MemorySecretStore } from '../../support/memorySecretStore';
import { START_URL } from '../../support/ssoFixtures';
import { useEmulator } from '../emulator/support';

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';

/** The session, with its credential provider counted (a Proxy keeps the session's own methods). */
function counted(session: Connection) {
	const calls = { total: 0, forced: 0 };
	const credentials: Connection['credentials'] = (options) => {
		calls.total++;
		if (options?.forceRefresh) calls.forced++;
		return session.credentials(options);
	};
	const proxy = new Proxy(session, { get: (target, prop, receiver) => (prop === 'credentials' ? credentials : Reflect.get(target, prop, receiver)) });
	return { session: proxy, calls };
}

describe('Bedrock service on a real engine SSO session', function () {
	const harness = useEmulator({ autoApproveAfterPolls: 0 });
	let engine: Engine;
	let session: Connection;
	let service: BedrockService;
	let calls: { total: number; forced: number };

	beforeEach(async () => {
		engine = createEngine({ secrets: new MemorySecretStore(), logger: silentLogger });
		await engine.signInWithSso({ startUrl: START_URL, ssoRegion: 'us-east-1', signal: new AbortController().signal, onDeviceCode: () => undefined });
		const real = engine.openConnection({ method: 'sso', startUrl: START_URL, ssoRegion: 'us-east-1', accountId: '111111111111', roleName: 'BedrockUser' }, 'us-east-1');
		({ session, calls } = counted(real));
		service = createBedrockService({ session, logger: silentLogger });
	});
	afterEach(() => {
		service.dispose();
		session.dispose();
		engine.dispose();
	});

	async function send(text: string) {
		const events: StreamEvent[] = [];
		const result = await service.converseStream(
			{ modelId: MODEL, messages: [{ role: 'user', text }] },
			{ signal: new AbortController().signal, onEvent: (e) => events.push(e) },
		);
		return { events, result, text: events.map((e) => (e.type === 'text' ? e.text : '')).join('') };
	}

	it('the next message after every credential expired succeeds, with exactly one forced refresh', async () => {
		const { control } = harness.emulator;
		await send('before');
		control.expireAllCredentials(); // role credentials and the SSO access token; the refresh token lives
		control.resetCounters();

		const after = await send('after expiry');

		assert.equal(after.result.stopReason, 'end_turn');
		assert.match(after.text, /after expiry/);
		assert.equal(calls.forced, 1);
		assert.deepEqual(after.events.filter((e) => e.type === 'retrying'), [{ type: 'retrying', reason: 'credentialsRefreshed', attempt: 2 }]);
		const counters = control.counters();
		assert.equal(counters['bedrock:ConverseStream'], 2, 'one rejected, one retried');
		assert.equal(counters['oidc:CreateToken'], 1, 'one token refresh');

		control.resetCounters();
		await send('and again');
		assert.equal(calls.forced, 1);
		assert.equal(control.counters()['sso:GetRoleCredentials'] ?? 0, 0, 'steady state: no credential calls');
	});

	it('asks for sign-in when the refresh token was revoked too', async () => {
		const { control } = harness.emulator;
		await send('before');
		control.expireAllCredentials();
		control.revokeRefreshTokens();
		await assert.rejects(send('after'), (e: unknown) => {
			const error = e as { code?: string; action?: string };
			assert.equal(error.code, 'SignInRequired');
			assert.ok(error.action);
			return true;
		});
		assert.equal(calls.forced, 1);
	});
});
