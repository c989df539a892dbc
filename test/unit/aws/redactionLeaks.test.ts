// Secret shapes the redactor used to miss (reviewer's table, issue #13): command lines in the
// SDK's "Command failed:" messages, CLI flags, snake_case and PascalCase JSON fields,
// URL-encoded query strings and ExternalId.
import * as assert from 'node:assert/strict';
import { redactSecrets, SecretRedactor } from '../../../src/aws/redaction';

const cases: Array<[label: string, text: string, secret: string]> = [
	['the command line of a failed credential_process', 'Command failed: /opt/corp/get-creds --user alice --pw Hunter2Pass\nlogin expired', 'Hunter2Pass'],
	['a --password flag', 'running tool --password s3cr3t-pass now', 's3cr3t-pass'],
	['a --password= flag', 'running tool --password=s3cr3t-pass now', 's3cr3t-pass'],
	['a --token flag', 'tool --token tok-abc-123 --region x', 'tok-abc-123'],
	['a --client-secret flag', 'tool --client-secret cs-abc-123', 'cs-abc-123'],
	['a JSON client_secret', '{"client_secret": "cs-snake-1", "client_id": "id"}', 'cs-snake-1'],
	['a JSON refresh_token', '{"refresh_token":"rt-snake-2"}', 'rt-snake-2'],
	['a JSON access_token', '{ "access_token" : "at-snake-3" }', 'at-snake-3'],
	['a JSON SecretAccessKey', '{"Version":1,"AccessKeyId":"x","SecretAccessKey":"sak-short-4"}', 'sak-short-4'],
	['a JSON SessionToken', '{"SessionToken":"st-short-5"}', 'st-short-5'],
	['a URL-encoded security token', 'https://x/?X-Amz-Security-Token=IQoJb3%2Bshort%3D&X-Amz-Date=1', 'IQoJb3%2Bshort%3D'],
	['a doubly URL-encoded security token', 'redirect=https%3A%2F%2Fx%2F%3FX-Amz-Security-Token%3DIQoJshort99%26X-Amz-Date%3D1', 'IQoJshort99'],
	['an ExternalId', 'AssumeRole RoleArn=arn:aws:iam::1:role/R&ExternalId=ext-id-777&Version=1', 'ext-id-777'],
	['a JSON ExternalId', '{"ExternalId":"ext-id-888"}', 'ext-id-888'],
	['an external_id setting', 'external_id = ext-id-999', 'ext-id-999'],
];

describe('redaction: shapes the reviewer found missing (table)', () => {
	for (const [label, text, secret] of cases) {
		it(`hides ${label}`, () => {
			for (const out of [redactSecrets(text), new SecretRedactor().redact(text)]) {
				assert.ok(!out.includes(secret), `leaked in: ${out}`);
				assert.ok(out.includes('[REDACTED]') || out.includes('[command line hidden]'), out);
			}
		});
	}

	it('keeps what follows the command line of a failed command (its stderr)', () => {
		assert.equal(redactSecrets('Command failed: tool --pw x\nsession expired: run corp-login'), 'Command failed: [command line hidden]\nsession expired: run corp-login');
	});
});
