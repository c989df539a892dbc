import * as assert from 'node:assert/strict';
import {
	parseExpiry,
	validateExpiry,
	validateAccessKeyId,
	validateAccountId,
	validateDurationSeconds,
	validateMfaCode,
	validateMfaSerial,
	validateRegion,
	validateRoleArn,
	validateRoleSessionName,
	validateSecretAccessKey,
	validateSessionToken,
	validateStartUrl,
	type Validator,
} from '../../../src/vscode/validators';

function table(name: string, validator: Validator, good: string[], bad: string[]): void {
	describe(name, () => {
		for (const value of good) {
			it(`accepts ${JSON.stringify(value)}`, () => assert.equal(validator(value), undefined));
		}
		for (const value of bad) {
			it(`refuses ${JSON.stringify(value)}`, () => assert.equal(typeof validator(value), 'string'));
		}
	});
}

describe('input validators', () => {
	table(
		'start URL',
		validateStartUrl,
		['https://my-org.awsapps.com/start', 'https://identitycenter.amazonaws.com/ssoins-1234567890abcdef', ' https://127.0.0.1:4566/start '],
		['', 'http://my-org.awsapps.com/start', 'my-org.awsapps.com/start', 'not a url'],
	);
	table('region', validateRegion, ['us-east-1', 'eu-central-1', 'us-gov-west-1', 'ap-southeast-5'], ['', 'US-EAST-1', 'useast1', 'us-east', 'us_east_1']);
	table('account id', validateAccountId, ['123456789012'], ['12345678901', '1234567890123', 'abcdefghijkl']);
	table(
		'role ARN',
		validateRoleArn,
		['arn:aws:iam::123456789012:role/Admin', 'arn:aws-cn:iam::123456789012:role/path/to/Dev-Role', 'arn:aws-us-gov:iam::123456789012:role/x'],
		['', 'Admin', 'arn:aws:iam::12345:role/Admin', 'arn:aws:iam::123456789012:user/alice', 'arn:aws:sts::123456789012:assumed-role/A/b'],
	);
	table('access key id', validateAccessKeyId, ['AKIAIOSFODNN7EXAMPLE', 'ASIAZZZZZZZZZZZZZZZZ'], ['', 'akiaiosfodnn7example', 'AKIA 1234', 'AKIA']);
	table('secret access key', validateSecretAccessKey, ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'], ['', 'short', 'has a space in it somewhere']);
	table('session token for temporary keys', validateSessionToken('ASIAZZZZZZZZZZZZZZZZ'), ['FwoGZXIvYXdzE'], ['', 'two words']);
	table('session token for long-term keys', validateSessionToken('AKIAIOSFODNN7EXAMPLE'), ['', 'FwoGZXIvYXdzE'], ['two words']);
	table('duration', validateDurationSeconds, ['', '900', '3600', '43200'], ['899', '43201', '1.5', 'an hour']);
	table('role session name', validateRoleSessionName, ['', 'alice', 'bedrock-connect@laptop'], ['a', 'has space', 'x'.repeat(65)]);
	table('MFA serial', validateMfaSerial, ['', 'arn:aws:iam::123456789012:mfa/alice', 'GAHT12345678'], ['arn:aws:iam::123:mfa/alice', 'x y']);
	table('MFA code', validateMfaCode, ['123456', ' 654321 '], ['', '12345', '1234567', 'abcdef']);

	describe('expiry', () => {
		const now = Date.parse('2026-11-23T16:00:00Z');
		it('is optional', () => assert.deepEqual(parseExpiry('', now), {}));
		it('reads durations from now', () => {
			assert.equal(parseExpiry('5m', now).at!.getTime(), now + 5 * 60_000);
			assert.equal(parseExpiry('+2h', now).at!.getTime(), now + 2 * 3_600_000);
			assert.equal(parseExpiry('90s', now).at!.getTime(), now + 90_000);
		});
		it('reads an ISO date-time', () => assert.equal(parseExpiry('2026-11-23T18:00:00Z', now).at!.toISOString(), '2026-11-23T18:00:00.000Z'));
		it('refuses a time in the past', () => assert.match(parseExpiry('2026-11-23T15:00:00Z', now).error!, /passed/));
		it('refuses nonsense', () => assert.ok(parseExpiry('tomorrow', now).error));
		it('refuses expiries past STS\'s 36-hour maximum instead of throwing (100000000d, a far date)', () => {
			for (const text of ['100000000d', '99999999999999999999999h', '37h', '2d', '2027-11-23T18:00:00Z', '9999-12-31T00:00:00Z']) {
				const result = parseExpiry(text, now);
				assert.equal(result.at, undefined, text);
				assert.match(result.error ?? '', /36 hours/, text);
				assert.match(validateExpiry(() => now)(text) ?? '', /36 hours/);
			}
			assert.equal(parseExpiry('36h', now).at!.getTime(), now + 36 * 3_600_000);
			assert.equal(parseExpiry('1d', now).at!.getTime(), now + 86_400_000);
		});
	});
});
