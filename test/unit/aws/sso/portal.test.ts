import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { HttpResponse, type HttpRequest } from '@smithy/protocol-http';
import { SSOClient } from '@aws-sdk/client-sso';
import { isBedrockConnectError } from '../../../../src/aws/errors';
import { SsoPortal } from '../../../../src/aws/sso/portal';

/** A real SSOClient whose HTTP layer answers from a script and records where requests went. */
function recordingClient(region: string, answer: (request: HttpRequest) => { status: number; body: unknown; headers?: Record<string, string> }, seen: HttpRequest[]): SSOClient {
	return new SSOClient({
		region,
		requestHandler: {
			handle: async (request: HttpRequest) => {
				seen.push(request);
				const { status, body, headers } = answer(request);
				return { response: new HttpResponse({ statusCode: status, headers: { 'content-type': 'application/json', ...headers }, body: Readable.from([Buffer.from(JSON.stringify(body))]) }) };
			},
		},
	});
}

describe('SSO portal', () => {
	let savedEndpoint: string | undefined;
	before(() => {
		savedEndpoint = process.env.AWS_ENDPOINT_URL;
		delete process.env.AWS_ENDPOINT_URL;
		delete process.env.AWS_ENDPOINT_URL_SSO;
	});
	after(() => {
		if (savedEndpoint !== undefined) {
			process.env.AWS_ENDPOINT_URL = savedEndpoint;
		}
	});

	it('asks for role credentials in the Identity Center region, not the Bedrock region', async () => {
		const seen: HttpRequest[] = [];
		const portal = new SsoPortal((region) =>
			recordingClient(region, () => ({ status: 200, body: { roleCredentials: { accessKeyId: 'ASIA1', secretAccessKey: 's', sessionToken: 't', expiration: Date.parse('2030-01-01T00:00:00Z') } } }), seen),
		);
		const credentials = await portal.getRoleCredentials('eu-west-1', 'token', '111111111111', 'BedrockUser');
		assert.equal(seen[0].hostname, 'portal.sso.eu-west-1.amazonaws.com');
		assert.equal(seen[0].headers['x-amz-sso_bearer_token'], 'token');
		assert.deepEqual(credentials.expiration, new Date('2030-01-01T00:00:00Z'));
		portal.dispose();
	});

	it('follows pagination when listing accounts', async () => {
		const seen: HttpRequest[] = [];
		const portal = new SsoPortal((region) =>
			recordingClient(
				region,
				(request) =>
					request.query?.next_token
						? { status: 200, body: { accountList: [{ accountId: '222222222222', accountName: 'b' }] } }
						: { status: 200, body: { accountList: [{ accountId: '111111111111', accountName: 'a' }], nextToken: 'page2' } },
				seen,
			),
		);
		assert.deepEqual((await portal.listAccounts('us-east-1', 'token')).map((a) => a.accountId), ['111111111111', '222222222222']);
		assert.equal(seen.length, 2);
		portal.dispose();
	});

	it('maps Forbidden to AccessDenied naming the role, and Unauthorized to an expired session', async () => {
		const seen: HttpRequest[] = [];
		const forbidden = new SsoPortal((region) => recordingClient(region, () => ({ status: 403, body: { message: 'No access' }, headers: { 'x-amzn-errortype': 'ForbiddenException' } }), seen));
		await assert.rejects(forbidden.getRoleCredentials('us-east-1', 't', '111111111111', 'Admin'), (e: unknown) => isBedrockConnectError(e) && e.code === 'AccessDenied' && /Admin/.test(e.message));
		const unauthorized = new SsoPortal((region) => recordingClient(region, () => ({ status: 401, body: { message: 'Session token not found or invalid' }, headers: { 'x-amzn-errortype': 'UnauthorizedException' } }), seen));
		await assert.rejects(unauthorized.listAccounts('us-east-1', 't'), (e: unknown) => isBedrockConnectError(e) && e.code === 'SsoSignInExpired');
		forbidden.dispose();
		unauthorized.dispose();
	});
});
