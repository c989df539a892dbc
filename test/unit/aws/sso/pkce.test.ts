import * as assert from 'node:assert/strict';
import { AUTHORIZATION_TIMEOUT_MS, authorizationUrl } from '../../../../src/aws/sso/authCodeFlow';
import { newOAuthState, newPkcePair, s256Challenge } from '../../../../src/aws/sso/pkce';

describe('PKCE and the /authorize address', () => {
	it('derives the S256 challenge of RFC 7636 appendix B', () => {
		assert.equal(s256Challenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
	});

	it('makes a fresh verifier within 43..128 unreserved characters, its challenge, and an unguessable state each time', () => {
		const a = newPkcePair();
		const b = newPkcePair();
		assert.match(a.verifier, /^[A-Za-z0-9\-._~]{43,128}$/);
		assert.equal(a.challenge, s256Challenge(a.verifier));
		assert.notEqual(a.verifier, b.verifier);
		assert.match(newOAuthState(), /^[A-Za-z0-9_-]{43}$/);
		assert.notEqual(newOAuthState(), newOAuthState());
	});

	it('gives the browser 10 minutes, as the README says', () => {
		assert.equal(AUTHORIZATION_TIMEOUT_MS, 10 * 60 * 1000);
	});

	it('builds /authorize beside the service endpoint with the parameters the AWS CLI sends', () => {
		for (const base of ['https://oidc.eu-west-1.amazonaws.com/', 'https://oidc.eu-west-1.amazonaws.com']) {
			const url = new URL(authorizationUrl(base, { clientId: 'cid', redirectUri: 'http://127.0.0.1:5000/oauth/callback', state: 'st', challenge: 'ch', scopes: ['sso:account:access', 'codewhisperer:completions'] }));
			assert.equal(url.origin + url.pathname, 'https://oidc.eu-west-1.amazonaws.com/authorize');
			assert.deepEqual(Object.fromEntries(url.searchParams), {
				response_type: 'code',
				client_id: 'cid',
				redirect_uri: 'http://127.0.0.1:5000/oauth/callback',
				state: 'st',
				code_challenge_method: 'S256',
				scopes: 'sso:account:access,codewhisperer:completions',
				code_challenge: 'ch',
			});
		}
	});
});
