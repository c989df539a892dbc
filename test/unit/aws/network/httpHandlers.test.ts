import * as assert from 'node:assert/strict';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import { BEDROCK_RUNTIME_SERVICE, endpointFor, http2HandlerFor, httpHandlerFor, proxiedTarget } from '../../../../src/aws/network/httpHandlers';
import { resolveNetworkSettings } from '../../../../src/aws/network/networkSettings';
import { CaBundleError } from '../../../../src/aws/network/trust';

describe('handler factories', () => {
	it('HTTP/2 without a proxy, HTTP/1.1 through one, HTTP/2 again for NO_PROXY hosts', () => {
		const direct = resolveNetworkSettings({ env: {} });
		const proxied = resolveNetworkSettings({ env: { HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'localhost' } });
		const h2 = http2HandlerFor('https://bedrock-runtime.us-east-1.amazonaws.com', direct);
		assert.ok(h2 instanceof NodeHttp2Handler);
		assert.equal(h2.metadata.handlerProtocol, 'h2');
		const h1 = http2HandlerFor('https://bedrock-runtime.us-east-1.amazonaws.com', proxied);
		assert.ok(h1 instanceof NodeHttpHandler);
		assert.equal(h1.metadata.handlerProtocol, 'http/1.1');
		assert.ok(http2HandlerFor('https://localhost:4567', proxied) instanceof NodeHttp2Handler);
		for (const handler of [h2, h1]) handler.destroy();
	});

	it('proxiedTarget uses the default port of the scheme', () => {
		const settings = resolveNetworkSettings({ env: { HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'a.com:443' } });
		assert.equal(proxiedTarget('https://a.com', settings), false);
		assert.equal(proxiedTarget('http://a.com', settings), true);
		assert.equal(proxiedTarget({ hostname: 'a.com', port: 443 }, settings), false);
	});

	it('keeps the timeouts', async () => {
		const handler = httpHandlerFor(resolveNetworkSettings({ env: {} }), { requestTimeout: 1234, connectionTimeout: 567 });
		const config = await (handler as unknown as { configProvider: Promise<{ requestTimeout: number; connectionTimeout: number }> }).configProvider;
		assert.equal(config.requestTimeout, 1234);
		assert.equal(config.connectionTimeout, 567);
		handler.destroy();
	});

	it('throws CaBundleError at construction for a bad bundle', () => {
		const settings = resolveNetworkSettings({ env: { AWS_CA_BUNDLE: '/nonexistent/ca.pem' } });
		assert.throws(() => httpHandlerFor(settings), CaBundleError);
		assert.throws(() => http2HandlerFor('https://x', settings), CaBundleError);
	});

	it('endpointFor follows AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL and the ignore switch', () => {
		assert.equal(endpointFor(BEDROCK_RUNTIME_SERVICE, 'eu-west-1', {}), 'https://bedrock-runtime.eu-west-1.amazonaws.com');
		assert.equal(endpointFor(BEDROCK_RUNTIME_SERVICE, 'eu-west-1', { AWS_ENDPOINT_URL: 'https://a' }), 'https://a');
		assert.equal(endpointFor(BEDROCK_RUNTIME_SERVICE, 'eu-west-1', { AWS_ENDPOINT_URL: 'https://a', AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'https://b' }), 'https://b');
		assert.equal(
			endpointFor(BEDROCK_RUNTIME_SERVICE, 'eu-west-1', { AWS_ENDPOINT_URL: 'https://a', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }),
			'https://bedrock-runtime.eu-west-1.amazonaws.com',
		);
	});
});
