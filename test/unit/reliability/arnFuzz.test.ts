// The ARN parser (src/aws/arn.ts) on 10,000 generated strings: near-ARNs built from real
// partitions, services and resource shapes, plus arbitrary text. It never throws, always
// gives a principal of a known kind, and what it reads back is part of the input.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePrincipalArn, permissionSetName, roleNamesOf, splitArn } from '../../../src/aws/arn';

const KINDS = new Set(['iamUser', 'assumedRole', 'ssoPermissionSet', 'federatedUser', 'root', 'unknown']);

const segment = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constantFrom('', ':', '/', '::', '__proto__'));
const resource = fc.oneof(
	fc.constantFrom('root', 'user/', 'assumed-role/', 'federated-user/'),
	fc.tuple(fc.constantFrom('user/', 'assumed-role/', 'federated-user/', 'role/'), segment, fc.constantFrom('', '/'), segment).map((parts) => parts.join('')),
	fc
		.tuple(fc.constantFrom('AWSReservedSSO_', 'AWSReservedSSO__', 'X'), segment, fc.constantFrom('_0123456789abcdef', '_0123456789ABCDEF', '_'), fc.constantFrom('/', ''), segment)
		.map(([prefix, set, suffix, slash, session]) => `assumed-role/${prefix}${set}${suffix}${slash}${session}`),
	segment,
);
const nearArn = fc
	.tuple(
		fc.constantFrom('arn', 'ARN', 'arn ', ''),
		fc.constantFrom('aws', 'aws-cn', 'aws-us-gov', 'aws-iso', ''),
		fc.constantFrom('iam', 'sts', 's3', ''),
		fc.constantFrom('', 'us-east-1'),
		fc.constantFrom('123456789012', '', '12', 'x'),
		resource,
	)
	.map((parts) => parts.join(':'));

describe('reliability: ARN parser fuzz (10,000 cases)', () => {
	it('never throws and reads back only parts of the input', () => {
		fc.assert(
			fc.property(fc.oneof({ weight: 4, arbitrary: nearArn }, { weight: 1, arbitrary: fc.string({ maxLength: 80 }) }), (arn) => {
				const principal = parsePrincipalArn(arn);
				assert.ok(KINDS.has(principal.kind), principal.kind);
				assert.equal(typeof principal.name, 'string');
				assert.ok(arn.includes(principal.name), `name ${principal.name} is not from ${arn}`);
				assert.ok(arn.includes(principal.accountId));
				if (principal.roleName) {
					assert.ok(arn.includes(principal.roleName));
				}
				const split = splitArn(arn);
				if (split) {
					assert.equal(['arn', split.partition, split.service, split.region, split.accountId, split.resource].join(':'), arn);
				} else {
					assert.equal(principal.kind, 'unknown');
				}
				for (const name of roleNamesOf(principal, arn)) {
					assert.ok(arn.includes(name));
				}
				permissionSetName(principal.name);
			}),
			{ numRuns: 10_000 },
		);
	});
});
