import * as assert from 'node:assert/strict';
import type { Identity } from '../../../src/aws/engineTypes';
import { parsePrincipalArn } from '../../../src/aws/arn';
import { isBedrockConnectError } from '../../../src/aws/errors';
import { checkPolicy, globToRegExp } from '../../../src/aws/identity';

function identity(arn: string): Identity {
	const principal = parsePrincipalArn(arn);
	return { arn, userId: 'AIDA', accountId: principal.accountId, principal };
}

const SSO = identity('arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_BedrockUser_0123456789abcdef/alice');
const USER = identity('arn:aws:iam::222222222222:user/bob');

describe('allowed roles and accounts', () => {
	it('matches * and ? globs over the whole name', () => {
		assert.ok(globToRegExp('Bedrock*').test('BedrockUser'));
		assert.ok(globToRegExp('Dev?').test('Dev1'));
		assert.ok(!globToRegExp('Dev?').test('Dev12'));
		assert.ok(!globToRegExp('Bedrock').test('BedrockUser'));
		assert.ok(globToRegExp('a.b+c').test('a.b+c'));
		assert.ok(!globToRegExp('a.b').test('axb'));
	});

	it('lets everyone in when both lists are empty', () => {
		checkPolicy(USER, { allowedRoles: [], allowedAccounts: [] });
	});

	it('matches an SSO role by its permission-set name or its full role name', () => {
		checkPolicy(SSO, { allowedRoles: ['BedrockUser'], allowedAccounts: [] });
		checkPolicy(SSO, { allowedRoles: ['AWSReservedSSO_Bedrock*'], allowedAccounts: ['1111*'] });
	});

	it('refuses a role outside the list, saying which rule failed and who you are', () => {
		assert.throws(
			() => checkPolicy(SSO, { allowedRoles: ['Admin*'], allowedAccounts: [] }),
			(e: unknown) => isBedrockConnectError(e) && e.code === 'PolicyRefused' && /allowedRoles/.test(e.message) && e.message.includes(SSO.arn) && /BedrockUser/.test(e.message),
		);
	});

	it('refuses an account outside the list', () => {
		assert.throws(
			() => checkPolicy(USER, { allowedRoles: [], allowedAccounts: ['111111111111'] }),
			(e: unknown) => isBedrockConnectError(e) && e.code === 'PolicyRefused' && /allowedAccounts/.test(e.message) && e.message.includes('222222222222'),
		);
	});

	it('refuses an IAM user when roles are required', () => {
		assert.throws(() => checkPolicy(USER, { allowedRoles: ['*'], allowedAccounts: [] }), (e: unknown) => isBedrockConnectError(e) && /not a role/.test(e.message));
	});
});
