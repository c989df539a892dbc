import * as assert from 'node:assert/strict';
import { mfaChainOf } from '../../../../src/aws/sources/mfaRoleChain';

const keys = { aws_access_key_id: 'AKIAEXAMPLE000000000', aws_secret_access_key: 'secret' };
const serial = 'arn:aws:iam::111111111111:mfa/alice';

describe('MFA chains: which profiles get an MFA session (GetSessionToken) instead of a code per role', () => {
	it('IAM-user keys with mfa_serial, alone', () => {
		assert.deepEqual(mfaChainOf([{ ...keys, mfa_serial: serial }]), { hops: [], base: { ...keys, mfa_serial: serial }, mfaSerial: serial });
	});

	it('a role (or a chain of roles) down to the keys, with mfa_serial on a role or on the keys; the serial nearest the keys wins', () => {
		const role = { role_arn: 'arn:aws:iam::111111111111:role/Admin', source_profile: 'base', mfa_serial: serial };
		assert.equal(mfaChainOf([role, keys])?.mfaSerial, serial);
		const top = { role_arn: 'arn:aws:iam::222222222222:role/Ops', source_profile: 'admin', mfa_serial: 'arn:aws:iam::111111111111:mfa/other' };
		assert.equal(mfaChainOf([top, role, keys])?.mfaSerial, serial);
		assert.equal(mfaChainOf([{ ...role, mfa_serial: undefined }, { ...keys, mfa_serial: serial }])?.mfaSerial, serial);
	});

	it('other shapes stay with the SDK: no mfa_serial, temporary keys, credential_source, web identity, credential_process, a role as base', () => {
		const role = { role_arn: 'arn:aws:iam::111111111111:role/Admin', source_profile: 'base', mfa_serial: serial };
		assert.equal(mfaChainOf([{ role_arn: role.role_arn, source_profile: 'base' }, keys]), undefined);
		assert.equal(mfaChainOf([role, { ...keys, aws_session_token: 'token' }]), undefined, 'GetSessionToken refuses session credentials');
		assert.equal(mfaChainOf([{ ...role, credential_source: 'Environment' }, keys]), undefined);
		assert.equal(mfaChainOf([role, { credential_process: 'get-keys' }]), undefined);
		assert.equal(mfaChainOf([{ role_arn: role.role_arn, web_identity_token_file: '/t', mfa_serial: serial }]), undefined);
		assert.equal(mfaChainOf([]), undefined);
	});
});
