import * as assert from 'node:assert/strict';
import { isBedrockConnectError } from '../../../src/aws/errors';
import { isValidRegion, validateAccountId, validateRegion, validateRoleName, validateSsoRegion, validateStartUrl } from '../../../src/aws/validation';

const code = (expected: string) => (e: unknown) => isBedrockConnectError(e) && e.code === expected;

describe('input validation', () => {
	it('knows a region name by its shape', () => {
		for (const good of ['us-east-1', 'us-gov-west-1', 'cn-northwest-1', 'us-isob-east-1', 'eu-central-2', 'ap-southeast-5', 'il-central-1']) {
			assert.ok(isValidRegion(good), good);
		}
		for (const bad of ['us-east', 'US-EAST-1', 'useast1', 'us-east-1a', '']) {
			assert.ok(!isValidRegion(bad), bad);
		}
	});

	it('accepts only https start URLs', () => {
		assert.equal(validateStartUrl(' https://my-org.awsapps.com/start/ '), 'https://my-org.awsapps.com/start');
		assert.throws(() => validateStartUrl('http://my-org.awsapps.com/start'), (e: unknown) => isBedrockConnectError(e) && e.code === 'InvalidStartUrl' && /https/.test(e.message));
		assert.throws(() => validateStartUrl('my-org'), (e: unknown) => isBedrockConnectError(e) && e.code === 'InvalidStartUrl');
	});

	it('names what was being validated in a region error', () => {
		assert.equal(validateRegion(' eu-west-1 '), 'eu-west-1');
		assert.throws(() => validateSsoRegion('Frankfurt'), (e: unknown) => code('InvalidRegion')(e) && /IAM Identity Center region "Frankfurt"/.test((e as Error).message));
	});

	it('accepts 12-digit account ids and IAM role names only', () => {
		assert.equal(validateAccountId('123456789012'), '123456789012');
		for (const bad of ['12345678901', '1234567890123', 'abcdefghijkl', '']) {
			assert.throws(() => validateAccountId(bad), code('InvalidInput'), bad);
		}
		assert.equal(validateRoleName(' AWSReservedSSO_Admin+=,.@-x '), 'AWSReservedSSO_Admin+=,.@-x');
		for (const bad of ['', 'has space', 'a'.repeat(65), 'slash/role']) {
			assert.throws(() => validateRoleName(bad), code('InvalidInput'), bad);
		}
	});
});
