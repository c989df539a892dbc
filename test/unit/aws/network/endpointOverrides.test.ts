import assert from 'node:assert/strict';
import { configEndpointOverrides, envEndpointOverrides, exposedBy, isInsecureEndpoint } from '../../../../src/aws/network/endpointOverrides';

describe('network: endpoint overrides (AWS_ENDPOINT_URL*, endpoint_url, [services])', () => {
	it('calls plain http:// insecure only for a host that is not this machine', () => {
		assert.equal(isInsecureEndpoint('http://example.com'), true);
		assert.equal(isInsecureEndpoint('http://10.0.0.5:4566'), true);
		assert.equal(isInsecureEndpoint('https://example.com'), false);
		for (const local of ['http://127.0.0.1:4566', 'http://localhost:8080', 'http://[::1]:9000', 'http://emu.localhost']) {
			assert.equal(isInsecureEndpoint(local), false, local);
		}
		assert.equal(isInsecureEndpoint('not a url'), false);
	});

	it("reads a profile's endpoint_url and the endpoint_url of each service in its [services] section", () => {
		const configFile = {
			default: { endpoint_url: 'http://example.com', services: 'corp' },
			'services.corp': { 'sso-oidc.endpoint_url': 'http://oidc.example.com', 'bedrock_runtime.endpoint_url': 'https://br.example.com', 'sts.region': 'x' },
			plain: { region: 'us-east-1' },
			ignoring: { endpoint_url: 'http://example.com', ignore_configured_endpoint_urls: 'true' },
		};
		assert.deepEqual(configEndpointOverrides(configFile, 'default'), [
			{ service: 'all services', url: 'http://example.com', origin: "profile 'default' endpoint_url", insecure: true },
			{ service: 'sso_oidc', url: 'http://oidc.example.com', origin: '[services corp] sso-oidc', insecure: true },
			{ service: 'bedrock_runtime', url: 'https://br.example.com', origin: '[services corp] bedrock_runtime', insecure: false },
		]);
		assert.deepEqual(configEndpointOverrides(configFile, 'plain'), []);
		assert.deepEqual(configEndpointOverrides(configFile, 'ignoring'), []);
		assert.deepEqual(configEndpointOverrides(configFile, 'missing'), []);
	});

	it('reads AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>, unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true', () => {
		const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_SSO_OIDC: 'http://oidc.corp', OTHER: 'x' };
		assert.deepEqual(envEndpointOverrides(env), [
			{ service: 'all services', url: 'http://127.0.0.1:1', origin: 'AWS_ENDPOINT_URL', insecure: false },
			{ service: 'sso_oidc', url: 'http://oidc.corp', origin: 'AWS_ENDPOINT_URL_SSO_OIDC', insecure: true },
		]);
		assert.deepEqual(envEndpointOverrides({ ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'TRUE' }), []);
	});

	it('names what travels with the requests: the refresh token for SSO-OIDC, every token for a global override', () => {
		assert.match(exposedBy({ service: 'sso_oidc', url: '', origin: '', insecure: true }), /refresh token/);
		assert.match(exposedBy({ service: 'all services', url: '', origin: '', insecure: true }), /refresh token.*access token.*session token/);
		assert.match(exposedBy({ service: 's3', url: '', origin: '', insecure: true }), /s3 .*session token/);
	});
});
