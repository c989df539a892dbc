import * as assert from 'node:assert/strict';
import type { SharedConfig } from '../../../src/aws/config';
import { isBedrockConnectError } from '../../../src/aws/errors';
import { chooseRegion } from '../../../src/aws/region';

const config: SharedConfig = {
	paths: { configFile: 'c', credentialsFile: 'k' },
	profiles: new Map([
		['dev', { data: { region: 'eu-west-3' }, files: ['config'] }],
		['default', { data: { region: 'ap-south-1' }, files: ['config'] }],
		['noregion', { data: {}, files: ['config'] }],
	]),
	ssoSessions: new Map(),
};

describe('region resolution', () => {
	it('prefers the setting, then the profile, then AWS_REGION, AWS_DEFAULT_REGION, then us-east-1', () => {
		const env = { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'ca-central-1' };
		assert.deepEqual(chooseRegion({ method: 'profile', profile: 'dev' }, 'eu-north-1', env, config), { region: 'eu-north-1', source: 'setting' });
		assert.deepEqual(chooseRegion({ method: 'profile', profile: 'dev' }, '', env, config), { region: 'eu-west-3', source: 'profile' });
		assert.deepEqual(chooseRegion({ method: 'profile', profile: 'noregion' }, undefined, env, config), { region: 'us-west-2', source: 'AWS_REGION' });
		assert.deepEqual(chooseRegion({ method: 'environment' }, undefined, { AWS_DEFAULT_REGION: 'ca-central-1' }, config), { region: 'ca-central-1', source: 'AWS_DEFAULT_REGION' });
		assert.deepEqual(chooseRegion({ method: 'accessKeys' }, undefined, {}, config), { region: 'us-east-1', source: 'default' });
	});

	it("uses the base profile's region for an assumed role, and AWS_PROFILE's for the default chain", () => {
		const base = { method: 'profile' as const, profile: 'dev' };
		assert.equal(chooseRegion({ method: 'assumeRole', base, roleArn: 'arn:aws:iam::111111111111:role/R' }, undefined, {}, config).region, 'eu-west-3');
		assert.equal(chooseRegion({ method: 'defaultChain' }, undefined, { AWS_PROFILE: 'dev' }, config).region, 'eu-west-3');
		assert.equal(chooseRegion({ method: 'defaultChain' }, undefined, {}, config).region, 'ap-south-1');
	});

	it('rejects a malformed region with InvalidRegion', () => {
		assert.throws(() => chooseRegion({ method: 'environment' }, 'Frankfurt', {}, config), (e: unknown) => isBedrockConnectError(e) && e.code === 'InvalidRegion');
	});
});
