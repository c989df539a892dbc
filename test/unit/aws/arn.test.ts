import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePrincipalArn, permissionSetName, roleNamesOf } from '../../../src/aws/arn';

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f'];
const account = fc.stringMatching(/^\d{12}$/);
const iamName = fc.stringMatching(/^[\w+=,.@-]{1,64}$/);
const partition = fc.constantFrom(...PARTITIONS);

describe('parsePrincipalArn', () => {
	it('reads an IAM user with a path', () => {
		assert.deepEqual(parsePrincipalArn('arn:aws:iam::123456789012:user/division/team/alice'), {
			kind: 'iamUser',
			partition: 'aws',
			accountId: '123456789012',
			name: 'alice',
			path: '/division/team/',
		});
	});

	it('shows an Identity Center role by its permission-set name', () => {
		const arn = 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_BedrockUser_0123456789abcdef/alice@example.com';
		const p = parsePrincipalArn(arn);
		assert.equal(p.kind, 'ssoPermissionSet');
		assert.equal(p.roleName, 'BedrockUser');
		assert.equal(p.name, 'alice@example.com');
		assert.deepEqual(roleNamesOf(p, arn), ['BedrockUser', 'AWSReservedSSO_BedrockUser_0123456789abcdef']);
	});

	it('keeps underscores inside permission-set names', () => {
		assert.equal(permissionSetName('AWSReservedSSO_Data_Science_Admin_0123456789abcdef'), 'Data_Science_Admin');
		assert.equal(permissionSetName('AWSReservedSSO_NoHexSuffix'), undefined);
	});

	it('reads root, federated users and gov-cloud roles', () => {
		assert.equal(parsePrincipalArn('arn:aws:iam::123456789012:root').kind, 'root');
		const fed = parsePrincipalArn('arn:aws-cn:sts::123456789012:federated-user/bob');
		assert.equal(fed.kind, 'federatedUser');
		assert.equal(fed.partition, 'aws-cn');
		assert.equal(fed.name, 'bob');
		const gov = parsePrincipalArn('arn:aws-us-gov:sts::123456789012:assumed-role/Admin/session');
		assert.deepEqual([gov.kind, gov.partition, gov.roleName, gov.name], ['assumedRole', 'aws-us-gov', 'Admin', 'session']);
	});

	it('says unknown for things that are not principal ARNs, without throwing', () => {
		assert.equal(parsePrincipalArn('not-an-arn').kind, 'unknown');
		assert.equal(parsePrincipalArn('arn:aws:s3:::bucket/key').kind, 'unknown');
		assert.equal(parsePrincipalArn('arn:aws:sts::1:assumed-role/NoSession').kind, 'unknown');
	});

	it('round-trips assumed roles in every partition', () => {
		fc.assert(
			fc.property(partition, account, iamName, iamName, (part, acct, role, session) => {
				const p = parsePrincipalArn(`arn:${part}:sts::${acct}:assumed-role/${role}/${session}`);
				assert.equal(p.partition, part);
				assert.equal(p.accountId, acct);
				assert.equal(p.name, session);
				assert.equal(p.roleName, permissionSetName(role) ?? role);
				assert.equal(p.kind, permissionSetName(role) ? 'ssoPermissionSet' : 'assumedRole');
			}),
		);
	});

	it('round-trips IAM users with and without paths', () => {
		const pathSegment = fc.stringMatching(/^[\w+=,.@-]{1,10}$/);
		fc.assert(
			fc.property(partition, account, fc.array(pathSegment, { maxLength: 3 }), iamName, (part, acct, segments, name) => {
				const pathText = segments.length ? `${segments.join('/')}/` : '';
				const p = parsePrincipalArn(`arn:${part}:iam::${acct}:user/${pathText}${name}`);
				assert.equal(p.kind, 'iamUser');
				assert.equal(p.name, name);
				assert.equal(p.path, segments.length ? `/${pathText}` : undefined);
			}),
		);
	});

	it('never throws on arbitrary text', () => {
		fc.assert(
			fc.property(fc.string(), (text) => {
				parsePrincipalArn(text);
			}),
		);
	});
});
