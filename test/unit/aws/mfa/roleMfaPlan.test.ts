import * as assert from 'node:assert/strict';
import { codePerAssumeRoleReason, roleMfaPlan, roleSessionLength } from '../../../../src/aws/mfa/roleMfaPlan';

describe('Assume Role… with MFA: which way the code is asked', () => {
	it("an IAM user's long-term keys (no session token) get an MFA session; temporary credentials a code per AssumeRole", () => {
		assert.equal(roleMfaPlan({}), 'mfaSession');
		assert.equal(roleMfaPlan({ sessionToken: '' }), 'mfaSession');
		assert.equal(roleMfaPlan({ sessionToken: 'FwoG…' }), 'codePerAssumeRole');
	});

	for (const [seconds, text] of [
		[undefined, '1 h'],
		[900, '15 min'],
		[3600, '1 h'],
		[5400, '1 h 30 min'],
		[43_200, '12 h'],
	] as Array<[number | undefined, string]>) {
		it(`a role session of ${seconds ?? 'the default'} seconds reads "${text}"`, () => assert.equal(roleSessionLength(seconds), text));
	}

	it('the prompt says why a code is asked again and how long each lasts', () => {
		assert.match(codePerAssumeRoleReason(900), /role or other temporary credentials.*AWS needs a new code each time this role is assumed: each role session lasts 15 min/);
	});
});
