// The emulator's AWS Sign-In token endpoint on the wire: each DPoP check (signature, htm, htu,
// iat, jti, bound key) refuses on its own, and a refresh token rotates.
import * as assert from 'node:assert/strict';
import { randomUUID, sign, type KeyObject } from 'node:crypto';
import { newDpopKey } from '../../support/consoleLogin';
import { useEmulator } from './support';

function proof(key: KeyObject, claims: Record<string, unknown>, jwkOf: KeyObject = key): string {
	const jwk = jwkOf.export({ format: 'jwk' });
	const header = { alg: 'ES256', typ: 'dpop+jwt', jwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } };
	const body = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
	return `${body}.${sign('sha256', Buffer.from(body), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

describe('emulator: AWS Sign-In CreateOAuth2Token (refresh_token, DPoP)', () => {
	const harness = useEmulator();

	function session() {
		const { privateKey, publicKey } = newDpopKey();
		const grant = harness.emulator.control.createLoginSession({ publicKey });
		const url = `${harness.emulator.httpUrl}/v1/token`;
		const claims = () => ({ jti: randomUUID(), htm: 'POST', htu: url, iat: Math.floor(Date.now() / 1000) });
		const call = async (dpop: string | undefined, refreshToken = grant.refreshToken) => {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...(dpop ? { dpop } : {}) },
				body: JSON.stringify({ clientId: grant.clientId, grantType: 'refresh_token', refreshToken }),
			});
			return { status: response.status, type: response.headers.get('x-amzn-errortype'), body: (await response.json()) as Record<string, unknown> };
		};
		return { privateKey, grant, claims, call };
	}

	it('a valid proof renews, the refresh token rotates and the old one answers TOKEN_EXPIRED', async () => {
		const s = session();
		const first = await s.call(proof(s.privateKey, s.claims()));
		assert.equal(first.status, 200);
		assert.equal(typeof (first.body.accessToken as Record<string, unknown>).sessionToken, 'string');
		assert.notEqual(first.body.refreshToken, s.grant.refreshToken);
		const again = await s.call(proof(s.privateKey, s.claims()));
		assert.deepEqual([again.type, again.body.error], ['AccessDeniedException', 'TOKEN_EXPIRED']);
		const next = await s.call(proof(s.privateKey, s.claims()), first.body.refreshToken as string);
		assert.equal(next.status, 200);
	});

	const refusals: Array<[string, (s: ReturnType<typeof session>) => string | undefined, RegExp]> = [
		['no DPoP header', () => undefined, /missing/],
		['another method (htm)', (s) => proof(s.privateKey, { ...s.claims(), htm: 'GET' }), /GET, not POST/],
		['another URL (htu)', (s) => proof(s.privateKey, { ...s.claims(), htu: 'https://us-east-1.signin.aws.amazon.com/v1/token' }), /htu/],
		['an old proof (iat)', (s) => proof(s.privateKey, { ...s.claims(), iat: Math.floor(Date.now() / 1000) - 3600 }), /iat/],
		['a signature by another key than the jwk', (s) => proof(newDpopKey().privateKey, s.claims(), s.privateKey), /signature/],
		['a key the refresh token is not bound to', (s) => proof(newDpopKey().privateKey, s.claims()), /bound/],
	];
	for (const [what, make, reason] of refusals) {
		it(`refuses ${what} with ValidationException and does not spend the refresh token`, async () => {
			const s = session();
			const refused = await s.call(make(s));
			assert.deepEqual([refused.status, refused.type], [400, 'ValidationException']);
			assert.match(String(refused.body.message), reason);
			assert.equal((await s.call(proof(s.privateKey, s.claims()))).status, 200);
		});
	}

	it('refuses a replayed proof (same jti)', async () => {
		const s = session();
		const once = proof(s.privateKey, s.claims());
		const first = await s.call(once);
		assert.equal(first.status, 200);
		const replay = await s.call(once, first.body.refreshToken as string);
		assert.match(String(replay.body.message), /jti/);
	});
});
