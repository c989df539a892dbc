import assert from 'node:assert/strict';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { HttpRequest } from '@smithy/protocol-http';
import { LazyHttpHandler } from '../../../../src/aws/network/lazyHandler';
import type { NetworkSettings } from '../../../../src/aws/network/networkSettings';

/** A stand-in handler that records which settings it was built for and whether it was closed. */
function fakeHandler(label: string, log: string[]): NodeHttpHandler {
	return {
		handle: async () => {
			log.push(`handle ${label}`);
			return { response: { statusCode: 200, headers: {} } };
		},
		destroy: () => log.push(`destroy ${label}`),
		updateHttpClientConfig: () => undefined,
		httpHandlerConfigs: () => ({}),
	} as unknown as NodeHttpHandler;
}

describe('network: LazyHttpHandler', () => {
	it('builds its handler at the first request, rebuilds when the settings change, and closes all on destroy', async () => {
		const log: string[] = [];
		let settings: NetworkSettings = { noProxy: [] };
		const lazy = new LazyHttpHandler(
			() => settings,
			(current) => {
				const label = current.caBundlePath ?? 'default';
				log.push(`create ${label}`);
				return fakeHandler(label, log);
			},
		);
		assert.deepEqual(log, [], 'nothing is built with the client');
		const request = new HttpRequest({ hostname: 'sts.amazonaws.com' });
		await lazy.handle(request);
		await lazy.handle(request);
		settings = { noProxy: [], caBundlePath: '/corp.pem', caBundleSource: 'profile ca_bundle' };
		await lazy.handle(request);
		lazy.destroy();
		assert.deepEqual(log, ['create default', 'handle default', 'handle default', 'create /corp.pem', 'handle /corp.pem', 'destroy default', 'destroy /corp.pem']);
		assert.equal(lazy.metadata.handlerProtocol, 'http/1.1');
	});
});
