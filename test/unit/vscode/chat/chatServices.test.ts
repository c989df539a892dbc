// The chat's service cache: one BedrockService per connection, models cached per region,
// failures not cached, the engine loaded only when first needed.
import * as assert from 'node:assert/strict';
import type { Connection } from '../../../../src/aws/engineTypes';
import type { BedrockService, ModelCatalogue } from '../../../../src/aws/bedrock/bedrockTypes';
import { silentLogger } from '../../../../src/aws/ports';
import { ChatServices } from '../../../../src/vscode/chat/chatServices';
import type { EngineModuleType } from '../../../../src/vscode/engineLoader';

function fakeConnection(region: string): Connection {
	return { region } as unknown as Connection;
}

function setup(listModels: () => Promise<ModelCatalogue>) {
	const created: Array<{ connection: Connection; disposed: boolean; lists: number }> = [];
	let engineLoads = 0;
	const engine = {
		createBedrockService({ session: connection }: { session: Connection }): BedrockService {
			const record = { connection, disposed: false, lists: 0 };
			created.push(record);
			return {
				listModels: () => { record.lists++; return listModels(); },
				converseStream: async () => ({ stopReason: 'end_turn' }),
				dispose: () => { record.disposed = true; },
			};
		},
	} as unknown as EngineModuleType;
	const services = new ChatServices({ loadEngine: async () => { engineLoads++; return engine; }, logger: silentLogger });
	return { services, created, engineLoads: () => engineLoads };
}

describe('chat services', () => {
	it('does not load the engine until a service is needed', async () => {
		const { services, engineLoads } = setup(async () => ({ models: [], warnings: [] }));
		assert.equal(engineLoads(), 0);
		await services.serviceFor(fakeConnection('us-east-1'));
		assert.equal(engineLoads(), 1);
	});

	it('reuses the service and the model list for the same connection', async () => {
		const { services, created } = setup(async () => ({ models: [], warnings: [] }));
		const connection = fakeConnection('us-east-1');
		assert.equal(await services.serviceFor(connection), await services.serviceFor(connection));
		await services.catalogue(connection);
		await services.catalogue(connection);
		assert.equal(created.length, 1);
		assert.equal(created[0].lists, 1);
		await services.catalogue(connection, true);
		assert.equal(created[0].lists, 2);
	});

	it('makes a new service for a new connection and disposes the old one', async () => {
		const { services, created } = setup(async () => ({ models: [], warnings: [] }));
		const first = fakeConnection('us-east-1');
		await services.serviceFor(first);
		const second = fakeConnection('eu-west-1');
		assert.equal(services.isStale(second), true);
		await services.serviceFor(second);
		await new Promise((resolve) => setImmediate(resolve));
		assert.equal(created.length, 2);
		assert.equal(created[0].disposed, true);
		assert.equal(created[1].disposed, false);
	});

	it('does not cache a failed model listing', async () => {
		let fail = true;
		const { services, created } = setup(async () => {
			if (fail) throw new Error('denied');
			return { models: [], warnings: [] };
		});
		const connection = fakeConnection('us-east-1');
		await assert.rejects(services.catalogue(connection));
		fail = false;
		await new Promise((resolve) => setImmediate(resolve));
		assert.deepEqual(await services.catalogue(connection), { models: [], warnings: [] });
		assert.equal(created[0].lists, 2);
	});
});
