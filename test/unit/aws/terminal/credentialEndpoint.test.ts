import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AwsCredentials } from '../../../../src/aws/engineTypes';
import { BedrockConnectError } from '../../../../src/aws/errors';
import { startCredentialEndpoint, type CredentialEndpoint } from '../../../../src/aws/terminal/credentialEndpoint';
import { RecordingLogger } from '../../../support/recordingLogger';

const KEYS: AwsCredentials = {
	accessKeyId: 'ASIAEXAMPLEEXAMPLE12',
	secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
	sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKENvalue1234567890abcdefXYZ',
	expiration: new Date('2026-12-02T03:00:00.000Z'),
};

function call(endpoint: CredentialEndpoint, options: { host?: string; token?: string | null; method?: string; path?: string } = {}): Promise<{ status: number; json: Record<string, string> }> {
	const url = new URL(endpoint.url);
	const headers: Record<string, string> = { host: options.host ?? url.host };
	if (options.token !== null) {
		headers.authorization = options.token ?? endpoint.token;
	}
	return new Promise((resolve, reject) => {
		const req = request({ host: '127.0.0.1', port: url.port, path: options.path ?? url.pathname, method: options.method ?? 'GET', headers }, (res) => {
			let body = '';
			res.on('data', (c: Buffer) => (body += c.toString('utf8')));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(body) as Record<string, string> }));
		});
		req.on('error', reject);
		req.end();
	});
}

describe('credential endpoint (container-credentials protocol)', () => {
	let endpoint: CredentialEndpoint | undefined;
	let logger: RecordingLogger;
	let source: () => Promise<(AwsCredentials & { accountId?: string }) | undefined>;
	let served = 0;

	beforeEach(async () => {
		logger = new RecordingLogger();
		served = 0;
		source = async () => {
			served++;
			return { ...KEYS, accountId: '111111111111' };
		};
		endpoint = await startCredentialEndpoint({ source: () => source(), logger });
	});

	afterEach(async () => {
		await endpoint?.close();
		assert.deepEqual(logger.leaked([KEYS.secretAccessKey, KEYS.sessionToken!, endpoint!.token]), [], 'no credential or token in the log');
	});

	it('listens on 127.0.0.1 with a random 64-hex-digit token per endpoint', async () => {
		assert.match(endpoint!.url, /^http:\/\/127\.0\.0\.1:\d+\/credentials$/);
		assert.match(endpoint!.token, /^[0-9a-f]{64}$/);
		const other = await startCredentialEndpoint({ source: () => source(), logger });
		try {
			assert.notEqual(other.token, endpoint!.token);
			assert.notEqual(other.url, endpoint!.url);
		} finally {
			await other.close();
		}
	});

	it('serves the credentials in the shape the SDKs and the CLI read', async () => {
		const { status, json } = await call(endpoint!);
		assert.equal(status, 200);
		assert.deepEqual(json, { AccessKeyId: KEYS.accessKeyId, SecretAccessKey: KEYS.secretAccessKey, Token: KEYS.sessionToken, Expiration: '2026-12-02T03:00:00.000Z', AccountId: '111111111111' });
	});

	it('gives long-term keys an empty Token (the SDKs require the field)', async () => {
		source = async () => ({ accessKeyId: 'AKIAEXAMPLEEXAMPLE12', secretAccessKey: KEYS.secretAccessKey, expiration: KEYS.expiration });
		const { json } = await call(endpoint!);
		assert.equal(json.Token, '');
		assert.equal('AccountId' in json, false);
	});

	it('refuses a missing token with 401 and a wrong one with 403, before asking the source', async () => {
		assert.equal((await call(endpoint!, { token: null })).status, 401);
		assert.equal((await call(endpoint!, { token: 'x' })).status, 403);
		assert.equal((await call(endpoint!, { token: endpoint!.token + 'x' })).status, 403);
		assert.equal((await call(endpoint!, { token: endpoint!.token.toUpperCase() })).status, 403);
		assert.equal(served, 0);
	});

	it('refuses any Host but its own loopback address and port (DNS rebinding)', async () => {
		const port = new URL(endpoint!.url).port;
		for (const host of [`evil.example:${port}`, `localhost:${port}`, '127.0.0.1', `127.0.0.1:${Number(port) + 1}`]) {
			const { status, json } = await call(endpoint!, { host });
			assert.equal(status, 403, host);
			assert.equal(json.Code, 'InvalidHost');
		}
		assert.equal(served, 0);
	});

	it('answers only GET on /credentials', async () => {
		for (const method of ['POST', 'PUT', 'DELETE']) {
			assert.equal((await call(endpoint!, { method })).status, 405, method);
		}
		assert.equal((await call(endpoint!, { path: '/' })).status, 404);
		assert.equal(served, 0);
	});

	it('signed out: 401 with a JSON error that says what to do', async () => {
		source = async () => undefined;
		const { status, json } = await call(endpoint!);
		assert.equal(status, 401);
		assert.equal(json.Code, 'SignedOut');
		assert.match(json.Message, /not signed in to AWS\. Run the command AWS: Sign In… in the editor/);
	});

	it('a sign-in that needs the user gives 401, a passing failure 503; neither leaks a secret', async () => {
		source = async () => {
			throw new BedrockConnectError('SsoSignInExpired', `Your IAM Identity Center sign-in expired (token ${KEYS.sessionToken}).`, { action: 'Run "AWS: Sign In…".' });
		};
		const expired = await call(endpoint!);
		assert.equal(expired.status, 401);
		assert.match(expired.json.Message, /sign-in expired.*Run 'AWS: Sign In…'\./);
		assert.doesNotMatch(expired.json.Message, /IQoJb3JpZ2lu/);
		source = async () => {
			throw new BedrockConnectError('Network', 'The network is unreachable.');
		};
		assert.equal((await call(endpoint!)).status, 503);
		source = async () => {
			throw new BedrockConnectError('CertificateUntrusted', "The server's certificate is not trusted.", { action: 'Set AWS_CA_BUNDLE.' });
		};
		const untrusted = await call(endpoint!);
		assert.equal(untrusted.status, 503, 'an untrusted certificate is no reason to sign in again');
		assert.match(untrusted.json.Message, /AWS_CA_BUNDLE/);
	});

	it('logs request counts by outcome, never a credential', async () => {
		await call(endpoint!);
		await call(endpoint!);
		await call(endpoint!, { token: 'wrong' });
		await endpoint!.close();
		const line = logger.lines.find((l) => l.includes('credential requests'));
		assert.ok(line, logger.lines.join('\n'));
		assert.match(line, /served 2, forbidden 1/);
		endpoint = await startCredentialEndpoint({ source: () => source(), logger });
	});
});
