import * as assert from 'node:assert/strict';
import { redactSecrets, SecretRedactor } from '../../../src/aws/redaction';

const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN =
	'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexampleSessionTokenValue1234567890abcdefGHIJKLmnopQRSTuvwx==';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl';

describe('secret redaction at the logger', () => {
	const redactor = new SecretRedactor();

	const mustHide: Array<[string, string, string]> = [
		['a secret access key', `signing with ${SECRET_KEY} now`, SECRET_KEY],
		['a session token', `token ${SESSION_TOKEN}`, SESSION_TOKEN],
		['an access key id, keeping the prefix', 'key AKIAIOSFODNN7EXAMPLE used', 'IOSFODNN7EXAMPLE'],
		['a temporary access key id', 'key ASIAZZZZZZZZZZZZZZZZ used', 'ZZZZZZZZZZZZZZZZ'],
		['a bearer header', 'Authorization: Bearer abc.def-ghi_123', 'abc.def-ghi_123'],
		['a JWT', `id token ${JWT}`, JWT],
		['a JSON accessToken field', '{"accessToken":"aoa-short-token","expiresAt":"x"}', 'aoa-short-token'],
		['a JSON field inside a stringified blob', '{\\"refreshToken\\":\\"rt-short-1\\"}', 'rt-short-1'],
		['a JSON field with spaces', '{ "clientSecret" : "cs-value-9" }', 'cs-value-9'],
		['an env assignment', 'AWS_SESSION_TOKEN=FwoGZXIvYXdzE short', 'FwoGZXIvYXdzE'],
		['an SSO bearer header', 'x-amz-sso_bearer_token: aoaAAAAAGshort', 'aoaAAAAAGshort'],
		['a Bedrock API key', 'key ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl here', 'ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl'],
		['a short-term Bedrock API key', 'bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t', 'YmVkcm9jay5hbWF6b25hd3MuY29t'],
		['a presigned signature', 'https://x?X-Amz-Signature=deadbeef1234&X-Amz-Date=1', 'deadbeef1234'],
	];
	for (const [label, text, secret] of mustHide) {
		it(`hides ${label}`, () => {
			const out = redactor.redact(text);
			assert.ok(!out.includes(secret), `leaked in: ${out}`);
			assert.ok(out.includes('[REDACTED]') || out.includes('****'), out);
		});
	}

	const mustKeep: Array<[string, string]> = [
		['an ARN', 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com'],
		['an account id and region', 'account 123456789012 in eu-central-1'],
		['a sha1 cache file name', '~/.aws/sso/cache/0123456789abcdef0123456789abcdef01234567.json'],
		['a request id', 'RequestId: 4f3b1c2a-9d8e-4f7a-b6c5-1a2b3c4d5e6f'],
		['a start URL', 'start URL https://my-org.awsapps.com/start'],
	];
	for (const [label, text] of mustKeep) {
		it(`keeps ${label}`, () => assert.equal(redactor.redact(text), text));
	}

	it('hides values registered at run time, even when they look harmless', () => {
		const r = new SecretRedactor();
		r.add('emulator-secret-42');
		assert.equal(r.redact('got emulator-secret-42 twice: emulator-secret-42'), 'got [REDACTED] twice: [REDACTED]');
	});

	it('ignores registered values too short to be secrets', () => {
		const r = new SecretRedactor();
		r.add('abc');
		assert.equal(r.redact('abc def'), 'abc def');
	});

	it('registers the secret fields of a stored JSON record but not its other fields', () => {
		const r = new SecretRedactor();
		r.addFromStoredValue(JSON.stringify({ accessToken: 'tok-value-123', startUrl: 'https://x.awsapps.com/start', nested: { clientSecret: 'cs-value-456' } }));
		const out = r.redact('tok-value-123 cs-value-456 https://x.awsapps.com/start');
		assert.equal(out, '[REDACTED] [REDACTED] https://x.awsapps.com/start');
	});

	it('masks a stored value that is not JSON as a whole', () => {
		const r = new SecretRedactor();
		r.addFromStoredValue('plain-api-key-value');
		assert.equal(r.redact('x plain-api-key-value y'), 'x [REDACTED] y');
	});
});

describe('redactSecrets (service messages shown to the user)', () => {
	it('keeps ARNs readable and masks key ids', () => {
		const text = redactSecrets('User arn:aws:sts::123456789012:assumed-role/Dev/me with AKIAIOSFODNN7EXAMPLE');
		assert.match(text, /arn:aws:sts::123456789012:assumed-role\/Dev\/me/);
		assert.doesNotMatch(text, /AKIAIOSFODNN7EXAMPLE/);
	});

	it('masks Bedrock API keys and long opaque tokens in service messages', () => {
		for (const secret of ['ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl', 'bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t', 'a'.repeat(130)]) {
			assert.doesNotMatch(redactSecrets(`AWS said: ${secret} is wrong`), new RegExp(secret));
		}
	});
});
