import * as assert from 'node:assert/strict';
import { mfaSessionSeconds } from '../../../../src/aws/mfa/sessionDuration';

describe('MFA session duration (bedrockConnect.mfa.sessionDurationHours within IAM limits)', () => {
	const table: Array<[hours: number | undefined, root: boolean, seconds: number]> = [
		[undefined, false, 43_200], // default 12 h
		[12, false, 43_200],
		[1.5, false, 5_400],
		[36, false, 129_600],
		[37, false, 129_600], // IAM's maximum for an IAM user
		[0.25, false, 900],
		[0.1, false, 900], // IAM's minimum, 15 min
		[0, false, 43_200], // unusable: the default
		[-3, false, 43_200],
		[Number.NaN, false, 43_200],
		[12, true, 3_600], // a root user's session lasts at most 1 h
		[0.5, true, 1_800],
	];
	for (const [hours, root, seconds] of table) {
		it(`${String(hours)} h${root ? ' (root)' : ''} → ${seconds} s`, () => {
			assert.equal(mfaSessionSeconds(hours, { root }), seconds);
		});
	}
});
