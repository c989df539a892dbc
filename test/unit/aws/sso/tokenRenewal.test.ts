import * as assert from 'node:assert/strict';
import { renewToken } from '../../../../src/aws/sso/tokenRenewal';
import type { SsoTokenRecord } from '../../../../src/aws/sso/tokenStore';
import { FakeClock } from '../../../support/fakeClock';
import { FakeOidc, grant, type Outcome } from '../../../support/fakeOidc';
import { START_URL } from '../../../support/ssoFixtures';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const HOUR = 3_600_000;

function held(overrides: Partial<SsoTokenRecord> = {}): SsoTokenRecord {
	return {
		v: 1,
		startUrl: START_URL,
		region: 'us-east-1',
		accessToken: 'access-held',
		expiresAt: new Date(T0 + HOUR).toISOString(),
		issuedAt: new Date(T0).toISOString(),
		refreshToken: 'refresh-held',
		clientId: 'client',
		clientSecret: 'client-secret',
		registrationExpiresAt: new Date(T0 + 90 * 24 * HOUR).toISOString(),
		...overrides,
	};
}

async function renew(record: SsoTokenRecord, outcome: Outcome | undefined, newer?: SsoTokenRecord) {
	const oidc = new FakeOidc();
	if (outcome) oidc.createTokenOutcomes.push(outcome);
	const clock = new FakeClock(T0);
	let adoptions = 0;
	const pending = renewToken(record, {
		oidc,
		clock,
		adoptNewer: async () => {
			adoptions++;
			return adoptions > 1 ? newer : undefined;
		},
	});
	await clock.advance(2_000); // past the grace another window gets
	return { outcome: await pending, oidc, adoptions };
}

describe('SSO token renewal', () => {
	it('renews with the refresh token and keeps the registration', async () => {
		const next = grant(3600);
		const { outcome, oidc } = await renew(held(), next);
		assert.equal(outcome.kind, 'renewed');
		assert.equal(outcome.kind === 'renewed' && outcome.record.accessToken, next.accessToken);
		assert.equal(outcome.kind === 'renewed' && outcome.record.clientId, 'client');
		assert.deepEqual(oidc.tokenCalls, [{ grantType: 'refresh_token', refreshToken: 'refresh-held' }]);
	});

	it('ends without a call when nothing can renew the token', async () => {
		for (const record of [held({ refreshToken: undefined }), held({ registrationExpiresAt: new Date(T0 - 1).toISOString() })]) {
			const { outcome, oidc } = await renew(record, undefined);
			assert.equal(outcome.kind, 'ended');
			assert.equal(oidc.tokenCalls.length, 0);
		}
	});

	it('sorts the answers: refusals end the sign-in, passing trouble is a failure to retry', async () => {
		const table: Array<[Outcome, string]> = [
			[{ error: 'InvalidGrantException', status: 400 }, 'ended'],
			[{ error: 'InvalidClientException', status: 401 }, 'ended'],
			[{ error: 'InternalServerException', status: 500 }, 'failed'],
			[{ error: 'TooManyRequestsException', status: 429 }, 'failed'],
		];
		for (const [answer, kind] of table) {
			const { outcome } = await renew(held(), answer);
			assert.equal(outcome.kind, kind, 'error' in answer ? answer.error : '');
		}
	});

	it("takes another window's token after invalid_grant when it stored one in the grace time", async () => {
		const newer = held({ accessToken: 'access-other-window', expiresAt: new Date(T0 + 2 * HOUR).toISOString() });
		const { outcome, adoptions } = await renew(held(), { error: 'InvalidGrantException', status: 400 }, newer);
		assert.equal(adoptions, 2);
		assert.deepEqual(outcome, { kind: 'adopted', record: newer });
	});
});
