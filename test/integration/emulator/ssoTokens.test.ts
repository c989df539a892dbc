// Every branch of the SSO-OIDC token endpoint and the portal's token checks, through the real
// SSOOIDCClient and SSOClient: denial, slow_down, expiry, bad clients, refresh rotation, revocation.
import assert from 'node:assert/strict';
import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { GetRoleCredentialsCommand, ListAccountsCommand, SSOClient, paginateListAccounts } from '@aws-sdk/client-sso';
import { useEmulator } from './support';
import { START_URL } from '../../support/ssoFixtures';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

function oidcClient() {
	return new SSOOIDCClient({ maxAttempts: 1 });
}

async function startFlow(oidc = oidcClient()) {
	const client = await oidc.send(new RegisterClientCommand({ clientName: 'tokens-test', clientType: 'public' }));
	const device = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: client.clientId, clientSecret: client.clientSecret, startUrl: START_URL }));
	const poll = () => oidc.send(new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: DEVICE_GRANT, deviceCode: device.deviceCode }));
	const refresh = (refreshToken: string | undefined) =>
		oidc.send(new CreateTokenCommand({ clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'refresh_token', refreshToken }));
	return { client, device, poll, refresh };
}

describe('emulator: SSO-OIDC tokens', function () {
	const harness = useEmulator();

	describe('device code polling', () => {
		it('answers access_denied after denyNextDeviceCode, and keeps the code denied', async () => {
			const flow = await startFlow();
			harness.emulator.control.denyNextDeviceCode();
			await assert.rejects(flow.poll(), { name: 'AccessDeniedException' });
			await assert.rejects(flow.poll(), { name: 'AccessDeniedException' });
			assert.equal(harness.emulator.control.deviceAuthorizations().find((view) => view.userCode === flow.device.userCode)?.status, 'denied');
		});

		it('answers slow_down for the next polls, then pending again', async () => {
			const flow = await startFlow();
			harness.emulator.control.slowDownNextPolls(2);
			await assert.rejects(flow.poll(), { name: 'SlowDownException' });
			await assert.rejects(flow.poll(), { name: 'SlowDownException' });
			await assert.rejects(flow.poll(), { name: 'AuthorizationPendingException' });
		});

		it('answers expired_token once the device code expired, even if approved too late', async () => {
			const flow = await startFlow();
			harness.emulator.control.expireDeviceCodes();
			assert.throws(() => harness.emulator.control.approveDeviceCode(flow.device.userCode), /No pending device authorization/);
			await assert.rejects(flow.poll(), { name: 'ExpiredTokenException' });
		});

		it('refuses a used device code and a client with the wrong secret', async () => {
			const flow = await startFlow();
			harness.emulator.control.approveDeviceCode(flow.device.userCode);
			await flow.poll();
			await assert.rejects(flow.poll(), { name: 'InvalidGrantException' });
			await assert.rejects(
				oidcClient().send(new StartDeviceAuthorizationCommand({ clientId: flow.client.clientId, clientSecret: 'not-the-secret', startUrl: START_URL })),
				(error: Error & { $metadata?: { httpStatusCode?: number } }) => error.name === 'InvalidClientException' && error.$metadata?.httpStatusCode === 401,
			);
		});

		it('approves from the device page: the page shows the code and its buttons POST the decision', async () => {
			const flow = await startFlow();
			const page = await fetch(flow.device.verificationUriComplete ?? '');
			const html = await page.text();
			assert.equal(page.status, 200);
			assert.ok(html.includes(`data-testid="user-code">${flow.device.userCode}<`));
			assert.ok(html.includes('data-testid="approve"') && html.includes('data-testid="deny"'));
			assert.ok(!/<script|<link|src=/.test(html), 'no scripts or external resources');
			const approved = await fetch(`${harness.emulator.httpUrl}/device/approve`, {
				method: 'POST',
				body: new URLSearchParams({ user_code: flow.device.userCode ?? '' }),
			});
			assert.equal(approved.status, 200);
			assert.match(await approved.text(), /Request approved/);
			assert.ok((await flow.poll()).accessToken);

			const denied = await startFlow();
			await fetch(`${harness.emulator.httpUrl}/device/deny`, { method: 'POST', body: new URLSearchParams({ user_code: denied.device.userCode ?? '' }) });
			await assert.rejects(denied.poll(), { name: 'AccessDeniedException' });
			const stale = await fetch(`${harness.emulator.httpUrl}/device?user_code=${denied.device.userCode}`);
			assert.equal(stale.status, 404);
		});
	});

	describe('refresh and session end', () => {
		async function signedIn() {
			const flow = await startFlow();
			harness.emulator.control.approveDeviceCode(flow.device.userCode);
			return { flow, token: await flow.poll() };
		}

		it('rotates refresh tokens: the new one works, the used one answers invalid_grant', async () => {
			const { flow, token } = await signedIn();
			const refreshed = await flow.refresh(token.refreshToken);
			assert.notEqual(refreshed.accessToken, token.accessToken);
			assert.notEqual(refreshed.refreshToken, token.refreshToken);
			await assert.rejects(flow.refresh(token.refreshToken), { name: 'InvalidGrantException' });
			assert.ok((await flow.refresh(refreshed.refreshToken)).accessToken);
		});

		it('after expireAllCredentials the access token is refused but the refresh token still works', async () => {
			const { flow, token } = await signedIn();
			const sso = new SSOClient({ maxAttempts: 1 });
			harness.emulator.control.expireAllCredentials();
			await assert.rejects(sso.send(new ListAccountsCommand({ accessToken: token.accessToken })), {
				name: 'UnauthorizedException',
				message: 'Session token not found or invalid',
			});
			const refreshed = await flow.refresh(token.refreshToken);
			assert.equal((await sso.send(new ListAccountsCommand({ accessToken: refreshed.accessToken }))).accountList?.length, 2);
		});

		it('answers invalid_grant for every refresh token after revokeRefreshTokens', async () => {
			const { flow, token } = await signedIn();
			harness.emulator.control.revokeRefreshTokens();
			await assert.rejects(flow.refresh(token.refreshToken), { name: 'InvalidGrantException' });
		});

		it('issues tokens with the lifetimes set, and role credentials only for assigned roles', async () => {
			const { control } = harness.emulator;
			control.setLifetimes({ accessToken: 120, roleCredentials: 900 });
			try {
				const { token } = await signedIn();
				assert.equal(token.expiresIn, 120);
				const sso = new SSOClient({ maxAttempts: 1 });
				const before = Date.now();
				const { roleCredentials } = await sso.send(new GetRoleCredentialsCommand({ accessToken: token.accessToken, accountId: '222222222222', roleName: 'BedrockUser' }));
				assert.ok(Math.abs((roleCredentials?.expiration ?? 0) - (before + 900_000)) < 10_000);
				await assert.rejects(sso.send(new GetRoleCredentialsCommand({ accessToken: token.accessToken, accountId: '222222222222', roleName: 'ReadOnly' })), {
					name: 'ForbiddenException',
				});
				const pages = [];
				for await (const page of paginateListAccounts({ client: sso, pageSize: 1 }, { accessToken: token.accessToken })) {
					pages.push(page.accountList?.map((account) => account.accountId));
				}
				assert.deepEqual(pages, [['111111111111'], ['222222222222']]);
			} finally {
				control.setLifetimes({ accessToken: 3600, roleCredentials: 3600 });
			}
		});
	});

	describe('with autoApproveAfterPolls: 2', () => {
		const auto = useEmulator({ autoApproveAfterPolls: 2 });

		it('answers pending twice, then issues tokens', async () => {
			const flow = await startFlow();
			assert.equal(flow.device.verificationUri, `${auto.emulator.httpUrl}/device`);
			await assert.rejects(flow.poll(), { name: 'AuthorizationPendingException' });
			await assert.rejects(flow.poll(), { name: 'AuthorizationPendingException' });
			assert.ok((await flow.poll()).accessToken);
			assert.equal(auto.emulator.control.counters()['oidc:CreateToken'], 3);
		});
	});
});
