import * as assert from 'node:assert/strict';
import { mfaRefusal } from '../../../../src/aws/mfa/mfaCodeErrors';

function stsError(name: string, message: string): Error {
	return Object.assign(new Error(message), { name });
}

describe("MFA code refusals: STS's answer sorted into ask again, wrong device, or other", () => {
	it('a wrong or reused code (AWS answers both alike) is asked for again', () => {
		assert.equal(mfaRefusal(stsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ')), 'codeRejected');
	});
	it("a device that is not the user's is a configuration problem", () => {
		assert.equal(
			mfaRefusal(stsError('AccessDenied', 'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.')),
			'unknownDevice',
		);
	});
	it('anything else is not about the code', () => {
		assert.equal(mfaRefusal(stsError('AccessDenied', 'Cannot call GetSessionToken with session credentials')), undefined);
		assert.equal(mfaRefusal(stsError('ExpiredToken', 'The security token included in the request is expired')), undefined);
		assert.equal(mfaRefusal(new Error('socket hang up')), undefined);
	});
});
