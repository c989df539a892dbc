// The emulator's authorization-code grant through the real SSOOIDCClient: RegisterClient with
// grants and a loopback redirect, the /authorize page (played with fetch), and every answer
// CreateToken gives for this grant — single-use codes bound to client, redirect URI and challenge.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient } from '@aws-sdk/client-sso-oidc';
import { ListAccountsCommand, SSOClient } from '@aws-sdk/client-sso';
import { useEmulator } from './support';
import { START_URL } from '../../support/ssoFixtures';
import { visitAuthorizePage } from '../../support/pkceBrowser';

const REDIRECT = 'http://127.0.0.1:54321/oauth/callback';

function pkce() {
	const verifier = randomBytes(64).toString('base64url');
	return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe('emulator: IAM Identity Center authorization code + PKCE', function () {
	const harness = useEmulator();
	let oidc: SSOOIDCClient;

	beforeEach(() => {
		oidc = new SSOOIDCClient({});
	});
	afterEach(() => oidc.destroy());

	function register(grantTypes = ['authorization_code', 'refresh_token'], redirectUris = ['http://127.0.0.1/oauth/callback']) {
		return oidc.send(new RegisterClientCommand({ clientName: 'bedrock-connect-test', clientType: 'public', scopes: ['sso:account:access'], grantTypes, redirectUris, issuerUrl: START_URL }));
	}

	function authorizeUrl(clientId: string, challenge: string, overrides: Record<string, string> = {}): string {
		const url = new URL('/authorize', harness.emulator.httpUrl);
		const params = { response_type: 'code', client_id: clientId, redirect_uri: REDIRECT, state: 'state-123', code_challenge_method: 'S256', scopes: 'sso:account:access', code_challenge: challenge, ...overrides };
		for (const [name, value] of Object.entries(params)) {
			url.searchParams.set(name, value);
		}
		return url.href;
	}

	/** Registers, approves in the "browser" and returns what CreateToken needs. */
	async function approvedCode() {
		const client = await register();
		const { verifier, challenge } = pkce();
		const visit = await visitAuthorizePage(authorizeUrl(client.clientId ?? '', challenge), 'approve', { follow: false });
		const location = new URL(visit.location ?? '');
		return { client, verifier, code: location.searchParams.get('code') ?? '', location };
	}

	function createToken(input: { clientId?: string; clientSecret?: string; code?: string; codeVerifier?: string; redirectUri?: string }) {
		// Fields left out on purpose reach the service missing, as a hand-written client might send them.
		return oidc.send(new CreateTokenCommand({ grantType: 'authorization_code', clientId: undefined, clientSecret: undefined, ...input }));
	}

	it('approves on the page, redirects with code and state, and trades the code once for tokens that work', async () => {
		const { client, verifier, code, location } = await approvedCode();
		assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
		assert.equal(location.searchParams.get('state'), 'state-123');
		const token = await createToken({ clientId: client.clientId, clientSecret: client.clientSecret, code, codeVerifier: verifier, redirectUri: REDIRECT });
		assert.ok(token.accessToken && token.refreshToken);
		assert.equal(token.tokenType, 'Bearer');
		const sso = new SSOClient({ region: 'us-east-1' });
		const accounts = await sso.send(new ListAccountsCommand({ accessToken: token.accessToken }));
		assert.equal(accounts.accountList?.length, 2);
		// Refresh works as for the device flow.
		const refreshed = await oidc.send(new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'refresh_token', refreshToken: token.refreshToken }));
		assert.ok(refreshed.accessToken);

		// A code used twice is refused, and what it bought is ended (RFC 6749 §4.1.2).
		const again = await approvedCode();
		const first = await createToken({ clientId: again.client.clientId, clientSecret: again.client.clientSecret, code: again.code, codeVerifier: again.verifier, redirectUri: REDIRECT });
		await assert.rejects(createToken({ clientId: again.client.clientId, clientSecret: again.client.clientSecret, code: again.code, codeVerifier: again.verifier, redirectUri: REDIRECT }), {
			name: 'InvalidGrantException',
			error: 'invalid_grant',
		});
		await assert.rejects(sso.send(new ListAccountsCommand({ accessToken: first.accessToken })), { name: 'UnauthorizedException' });
		sso.destroy();
	});

	it('refuses a wrong verifier, another redirect URI, another client, an expired code and missing fields with the service\'s errors', async () => {
		const { client, verifier, code } = await approvedCode();
		const base = { clientId: client.clientId, clientSecret: client.clientSecret, code, codeVerifier: verifier, redirectUri: REDIRECT };
		await assert.rejects(createToken({ ...base, codeVerifier: pkce().verifier }), { name: 'InvalidGrantException', error_description: 'Code verifier does not match the code challenge' });
		await assert.rejects(createToken({ ...base, redirectUri: 'http://127.0.0.1:1/oauth/callback' }), { name: 'InvalidGrantException', error_description: 'Redirect URI does not match the authorization request' });
		const other = await register();
		await assert.rejects(createToken({ ...base, clientId: other.clientId, clientSecret: other.clientSecret }), { name: 'InvalidGrantException', error_description: 'Invalid authorization code provided' });
		await assert.rejects(createToken({ ...base, clientSecret: 'not-the-secret' }), (e: { name?: string; error?: string; $metadata?: { httpStatusCode?: number } }) =>
			e.name === 'InvalidClientException' && e.error === 'invalid_client' && e.$metadata?.httpStatusCode === 401);
		await assert.rejects(createToken({ ...base, codeVerifier: undefined }), { name: 'InvalidRequestException', error: 'invalid_request' });
		await assert.rejects(createToken({ ...base, codeVerifier: 'short' }), { name: 'InvalidRequestException', error_description: 'Invalid code verifier' });
		// The failures above did not use the code up: it still works, within its five minutes.
		harness.emulator.control.clockSkewSeconds(301);
		await assert.rejects(createToken(base), { name: 'InvalidGrantException', error_description: 'Authorization code has expired' });
		harness.emulator.control.clockSkewSeconds(0);
		assert.ok((await createToken(base)).accessToken);
	});

	it('refuses the grant to a client registered for the device code only (unauthorized_client)', async () => {
		const device = await register(['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'], ['http://127.0.0.1/oauth/callback']);
		await assert.rejects(createToken({ clientId: device.clientId, clientSecret: device.clientSecret, code: 'x', codeVerifier: pkce().verifier, redirectUri: REDIRECT }), {
			name: 'UnauthorizedClientException',
			error: 'unauthorized_client',
		});
		const visit = await visitAuthorizePage(authorizeUrl(device.clientId ?? '', pkce().challenge), 'approve', { follow: false });
		assert.equal(new URL(visit.location ?? '').searchParams.get('error'), 'unauthorized_client');
	});

	it('checks the registration: redirect URIs on https or loopback only, a redirect for the code grant, known grants', async () => {
		await assert.rejects(register(undefined, ['http://example.com/callback']), { name: 'InvalidRedirectUriException' });
		await assert.rejects(register(['authorization_code'], []), { name: 'InvalidClientMetadataException' });
		await assert.rejects(register(['password']), { name: 'InvalidClientMetadataException' });
	});

	it('denies with access_denied and the state; never redirects to an unregistered address or for an unknown client', async () => {
		const client = await register();
		const denied = await visitAuthorizePage(authorizeUrl(client.clientId ?? '', pkce().challenge), 'deny', { follow: false });
		const back = new URL(denied.location ?? '');
		assert.equal(back.searchParams.get('error'), 'access_denied');
		assert.equal(back.searchParams.get('state'), 'state-123');
		assert.equal(back.searchParams.get('code'), null);

		const elsewhere = await visitAuthorizePage(authorizeUrl(client.clientId ?? '', pkce().challenge, { redirect_uri: 'http://127.0.0.1:5/other' }), 'approve', { follow: false });
		assert.equal(elsewhere.pageStatus, 400);
		assert.equal(elsewhere.location, undefined);
		assert.match(elsewhere.pageText, /invalid_redirect_uri/);
		const unknown = await visitAuthorizePage(authorizeUrl('no-such-client', pkce().challenge), 'approve', { follow: false });
		assert.equal(unknown.pageStatus, 400);
		assert.match(unknown.pageText, /invalid_client/);

		const plain = await visitAuthorizePage(authorizeUrl(client.clientId ?? '', 'plain-challenge', { code_challenge_method: 'plain' }), 'approve', { follow: false });
		assert.equal(new URL(plain.location ?? '').searchParams.get('error'), 'invalid_request');
		const token = await visitAuthorizePage(authorizeUrl(client.clientId ?? '', pkce().challenge, { response_type: 'token' }), 'approve', { follow: false });
		assert.equal(new URL(token.location ?? '').searchParams.get('error'), 'unsupported_response_type');
	});
});
