import { vscodeStub } from '../../../support/vscodeStubModule';
import * as assert from 'node:assert/strict';
import type { Connection, SignInSpec } from '../../../../src/aws/engineTypes';
import type { TerminalEndpointOptions } from '../../../../src/aws/terminal/terminalEndpoint';
import { COLLECTION_DESCRIPTION, TerminalCredentials } from '../../../../src/vscode/terminal/terminalCredentials';
import { RecordingLogger } from '../../../support/recordingLogger';

class FakeCollection {
	persistent = true;
	description: unknown;
	readonly values = new Map<string, string>();
	writes = 0;
	replace(name: string, value: string): void {
		this.writes++;
		this.values.set(name, value);
	}
	clear(): void {
		this.writes++;
		this.values.clear();
	}
}

function fakeConnection(spec: SignInSpec, region: string, bearer?: string): Connection {
	return {
		spec,
		region,
		...(bearer ? { bearerToken: async () => ({ token: bearer }) } : {}),
		currentIdentity: () => ({ arn: 'arn:aws:iam::111111111111:user/alice', accountId: '111111111111', userId: 'AIDA', principal: { kind: 'iamUser', partition: 'aws', accountId: '111111111111', name: 'alice' } }),
	} as unknown as Connection;
}

describe('terminal credentials (environment variable collection)', () => {
	let collection: FakeCollection;
	let connection: Connection | undefined;
	let enabled: boolean;
	let started: TerminalEndpointOptions[];
	let closed: number;
	let changed: InstanceType<typeof vscodeStub.EventEmitter<void>>;
	let terminals: TerminalCredentials;

	beforeEach(() => {
		collection = new FakeCollection();
		connection = undefined;
		enabled = true;
		started = [];
		closed = 0;
		changed = new vscodeStub.EventEmitter<void>();
		terminals = new TerminalCredentials({
			collection: collection as never,
			signIn: { getConnection: async () => connection, onDidChangeConnection: changed.event },
			shareEnabled: () => enabled,
			startEndpoint: async (options) => {
				started.push(options);
				return { url: 'http://127.0.0.1:5555/credentials', token: 'window-token', close: async () => void closed++ };
			},
			logger: new RecordingLogger(),
		});
	});

	afterEach(() => terminals.dispose());

	it('is not persisted and says where its variables come from', () => {
		assert.equal(collection.persistent, false);
		assert.equal(collection.description, COLLECTION_DESCRIPTION);
		assert.match(COLLECTION_DESCRIPTION, /Bedrock Connect.*bedrockConnect\.terminal\.shareCredentials/);
	});

	it('starts no endpoint while signed out, and one on the first sign-in', async () => {
		await terminals.update();
		assert.equal(started.length, 0);
		assert.equal(collection.values.size, 0);
		connection = fakeConnection({ method: 'profile', profile: 'dev' }, 'eu-west-1');
		changed.fire();
		await terminals.update();
		assert.equal(started.length, 1);
		assert.equal(collection.values.get('AWS_CONTAINER_CREDENTIALS_FULL_URI'), 'http://127.0.0.1:5555/credentials');
		assert.equal(collection.values.get('AWS_CONTAINER_AUTHORIZATION_TOKEN'), 'window-token');
		assert.equal(collection.values.get('AWS_REGION'), 'eu-west-1');
		assert.equal(collection.values.get('AWS_ACCESS_KEY_ID'), '');
	});

	it('follows a region change, and changes nothing when nothing changed (no needless relaunch prompt)', async () => {
		connection = fakeConnection({ method: 'environment' }, 'us-east-1');
		await terminals.update();
		const writes = collection.writes;
		await terminals.update();
		await terminals.update();
		assert.equal(collection.writes, writes);
		connection = fakeConnection({ method: 'environment' }, 'ap-south-1');
		await terminals.update();
		assert.equal(collection.values.get('AWS_REGION'), 'ap-south-1');
		assert.equal(started.length, 1, 'one endpoint for the window');
	});

	it('sign-out clears the variables but keeps the endpoint, so older terminals get a clear error', async () => {
		connection = fakeConnection({ method: 'environment' }, 'us-east-1');
		await terminals.update();
		connection = undefined;
		await terminals.update();
		assert.equal(collection.values.size, 0);
		assert.equal(closed, 0);
		assert.equal(await started[0]!.getConnection(), undefined);
	});

	it('a Bedrock API key gives AWS_BEARER_TOKEN_BEDROCK and no endpoint', async () => {
		connection = fakeConnection({ method: 'bedrockApiKey' }, 'us-west-2', 'ABSKexamplekey');
		await terminals.update();
		assert.deepEqual([...collection.values], [
			['AWS_BEARER_TOKEN_BEDROCK', 'ABSKexamplekey'],
			['AWS_REGION', 'us-west-2'],
			['AWS_DEFAULT_REGION', 'us-west-2'],
		]);
		assert.equal(started.length, 0);
	});

	it('the setting off clears the variables; the endpoint reads the setting on each request', async () => {
		connection = fakeConnection({ method: 'environment' }, 'us-east-1');
		await terminals.update();
		enabled = false;
		await terminals.update();
		assert.equal(collection.values.size, 0);
		assert.equal(started[0]!.shareEnabled(), false);
	});

	it('Diagnose: names the identity and the reason', async () => {
		connection = fakeConnection({ method: 'environment' }, 'us-east-1');
		const finding = await terminals.explain({ listProfiles: async () => [] }, {});
		assert.equal(finding.source, 'Terminals and tasks');
		assert.match(finding.summary, /sign as arn:aws:iam::111111111111:user\/alice through the editor's credential endpoint/);
		const shadowed = await terminals.explain({ listProfiles: async () => [] }, { AWS_PROFILE: 'dev' });
		assert.equal(shadowed.severity, 'warning');
	});

	it('dispose clears the collection and closes the endpoint', async () => {
		connection = fakeConnection({ method: 'environment' }, 'us-east-1');
		await terminals.update();
		terminals.dispose();
		await new Promise((r) => setImmediate(r));
		assert.equal(collection.values.size, 0);
		assert.equal(closed, 1);
	});
});
