import * as assert from 'node:assert/strict';
import { isBedrockConnectError } from '../../../src/aws/errors';
import { fromStoredAccessKeys, saveAccessKeys } from '../../../src/aws/sources/accessKeys';
import { validateRoleArn, defaultRoleSessionName } from '../../../src/aws/sources/assumeRole';
import { runCredentialProcess, summarizeStderr } from '../../../src/aws/sources/credentialProcess';
import { fromEnvironment } from '../../../src/aws/sources/environment';
import { FakeClock } from '../../support/fakeClock';
import { MemorySecretStore } from '../../support/memorySecretStore';

const node = JSON.stringify(process.execPath);

describe('credential sources', () => {
	describe('environment', () => {
		it('re-reads the variables on every call, so rotated keys are picked up', async () => {
			const env: NodeJS.ProcessEnv = { AWS_ACCESS_KEY_ID: 'AKIAFIRST', AWS_SECRET_ACCESS_KEY: 's1' };
			const source = fromEnvironment({ env: () => env });
			assert.equal((await source()).accessKeyId, 'AKIAFIRST');
			env.AWS_ACCESS_KEY_ID = 'AKIASECOND';
			assert.equal((await source()).accessKeyId, 'AKIASECOND');
			delete env.AWS_SECRET_ACCESS_KEY;
			await assert.rejects(source(), (e: unknown) => isBedrockConnectError(e) && e.code === 'SignInRequired' && /AWS_SECRET_ACCESS_KEY/.test(e.message));
		});
	});

	describe('pasted access keys', () => {
		it('are served until their expiry, then need a new sign-in', async () => {
			const secrets = new MemorySecretStore();
			const clock = new FakeClock();
			await saveAccessKeys(secrets, { accessKeyId: 'ASIAEXAMPLE123456', secretAccessKey: 'secret-secret-secret', sessionToken: 'tok', expiration: new Date(clock.now() + 60_000) });
			const source = fromStoredAccessKeys({ secrets, clock });
			assert.equal((await source()).sessionToken, 'tok');
			clock.set(clock.now() + 61_000);
			await assert.rejects(source(), (e: unknown) => isBedrockConnectError(e) && e.code === 'SignInRequired' && /pasted keys expired/.test(e.message));
		});

		it('refuses keys that cannot be right', async () => {
			const secrets = new MemorySecretStore();
			await assert.rejects(saveAccessKeys(secrets, { accessKeyId: 'nope', secretAccessKey: 'x'.repeat(40) }), (e: unknown) => isBedrockConnectError(e) && e.code === 'InvalidInput');
			await assert.rejects(saveAccessKeys(secrets, { accessKeyId: 'ASIAEXAMPLE123456', secretAccessKey: 'x'.repeat(40) }), /session token/);
			assert.equal(secrets.values.size, 0);
		});
	});

	describe('credential_process', () => {
		it('reads Version 1 JSON', async () => {
			const out = JSON.stringify({ Version: 1, AccessKeyId: 'AKIAPROC', SecretAccessKey: 'procsecret', SessionToken: 'proctoken', Expiration: '2999-01-01T00:00:00Z' });
			const creds = await runCredentialProcess({ command: `${node} -e ${JSON.stringify(`process.stdout.write(${JSON.stringify(out)})`)}`, profile: 'p' });
			assert.deepEqual(creds, { accessKeyId: 'AKIAPROC', secretAccessKey: 'procsecret', sessionToken: 'proctoken', expiration: new Date('2999-01-01T00:00:00Z') });
		});

		it('stops a hanging process after the time limit', async () => {
			const started = Date.now();
			await assert.rejects(
				runCredentialProcess({ command: `${node} -e "setTimeout(() => {}, 60000)"`, profile: 'slow', timeoutMs: 500 }),
				(e: unknown) => isBedrockConnectError(e) && e.code === 'CredentialProcessFailed' && /did not finish/.test(e.message) && e.message.includes('"slow"'),
			);
			assert.ok(Date.now() - started < 5_000);
		});

		it('reports a non-zero exit with a stderr summary but nothing from stdout', async () => {
			const script = `process.stdout.write('{"AccessKeyId":"AKIALEAKED","SecretAccessKey":"leaked-secret"}'); process.stderr.write('token expired, run login\\n'); process.exit(3)`;
			await assert.rejects(runCredentialProcess({ command: `${node} -e ${JSON.stringify(script)}`, profile: 'p' }), (e: unknown) => {
				assert.ok(isBedrockConnectError(e));
				assert.equal(e.code, 'CredentialProcessFailed');
				assert.match(e.message, /exit code 3/);
				assert.match(e.message, /token expired, run login/);
				assert.ok(!e.message.includes('leaked-secret') && !e.message.includes('AKIALEAKED'));
				return true;
			});
		});

		it('reports garbage output without echoing it', async () => {
			await assert.rejects(runCredentialProcess({ command: `${node} -e "process.stdout.write('garbage-secret-value')"`, profile: 'p' }), (e: unknown) => isBedrockConnectError(e) && /valid JSON/.test(e.message) && !e.message.includes('garbage-secret-value'));
			await assert.rejects(runCredentialProcess({ command: `${node} -e "process.stdout.write(JSON.stringify({Version:2}))"`, profile: 'p' }), /Version/);
		});

		it('masks key-like strings in the stderr summary', () => {
			assert.equal(summarizeStderr('bad key AKIAABCDEFGHIJKLMNOP\nsecret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'), 'bad key AKIA… | secret …');
		});
	});

	describe('assume role inputs', () => {
		it('validates the role ARN and builds a default session name STS accepts', () => {
			assert.equal(validateRoleArn(' arn:aws:iam::123456789012:role/path/Admin '), 'arn:aws:iam::123456789012:role/path/Admin');
			assert.throws(() => validateRoleArn('arn:aws:iam::123:role/Admin'), (e: unknown) => isBedrockConnectError(e) && e.code === 'InvalidInput');
			assert.match(defaultRoleSessionName(), /^bedrock-connect-[\w+=,.@-]+$/);
		});
	});
});
