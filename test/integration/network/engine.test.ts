// The REAL engine and Bedrock service against the emulator over TLS: with AWS_CA_BUNDLE (and
// through tinyproxy) every sign-in flow and the chat work; without it, each fails as the
// certificate-trust error kind with its message. Diagnose reports an unusable bundle and http:// endpoints.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createBedrockService } from '../../../src/aws/bedrock/bedrockService';
import type { Connection, Engine, EngineDeps, SignInSpec } from '../../../src/aws/engineTypes';
import { CERTIFICATE_TRUST_MESSAGE } from '../../../src/aws/network/networkErrors';
import { clearTrustCache } from '../../../src/aws/network/trust';
import { RecordingLogger } from '../../support/recordingLogger';
import { type RunningProxy, useProxy } from '../../support/proxyFixtures';
import { ssoProfileConfig } from '../../support/ssoProfileConfig';
import { tlsFixtures } from '../../support/tlsFixtures';
import { SSO_REGION, START_URL, signIn, useEngineWorld } from '../engine/harness';

const node = process.execPath;
const MODEL_ID = 'anthropic.claude-3-haiku-20240307-v1:0';
const SSO_SPEC: SignInSpec = { method: 'sso', startUrl: START_URL, ssoRegion: SSO_REGION, accountId: '111111111111', roleName: 'BedrockUser' };

describe('network: the real engine over TLS (AWS_CA_BUNDLE, HTTPS_PROXY)', function () {
	this.timeout(120_000);
	const fixtures = tlsFixtures();
	const world = useEngineWorld({ tls: { cert: fixtures.cert, key: fixtures.key }, autoApproveAfterPolls: 0 });
	const ports = () => [new URL(world.emulator.httpUrl).port, new URL(world.emulator.http2Url).port].map(Number);
	const tinyproxy = useProxy(() => ({ connectPorts: ports() }));
	afterEach(() => clearTrustCache());

	/** An sso-session profile, a credential_process profile and a role on top of it (the SDK's own STS). */
	async function writeProfiles(): Promise<void> {
		const temp = world.emulator.control.createTemporaryKeys({ roleName: 'ProcRole', ttlSeconds: 3600 });
		const script = path.join(world.home, 'proc.js');
		await fs.writeFile(
			script,
			`process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: ${JSON.stringify(temp.accessKeyId)}, SecretAccessKey: ${JSON.stringify(temp.secretAccessKey)}, SessionToken: ${JSON.stringify(temp.sessionToken)}, Expiration: ${JSON.stringify(temp.expiration.toISOString())} }))`,
		);
		await world.writeConfig(
			[
				ssoProfileConfig({ profile: 'sso-dev' }),
				'[profile proc]',
				`credential_process = "${node}" "${script}"`,
				'[profile chained]',
				'role_arn = arn:aws:iam::111111111111:role/ChainedRole',
				'source_profile = proc',
				'',
			].join('\n'),
		);
	}

	function envWith(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
		return { ...process.env, ...extra };
	}

	async function chat(connection: Connection): Promise<{ models: number; reply: string }> {
		const bedrock = createBedrockService({ session: connection, logger: new RecordingLogger() });
		try {
			const catalogue = await bedrock.listModels();
			let reply = '';
			await bedrock.converseStream(
				{ modelId: MODEL_ID, messages: [{ role: 'user', text: 'hello over the network' }] },
				{ signal: new AbortController().signal, onEvent: (event) => (reply += event.type === 'text' ? event.text : '') },
			);
			return { models: JSON.stringify(catalogue).length, reply };
		} finally {
			bedrock.dispose();
		}
	}

	/** Every flow of the brief, each as a named step; `step` may wrap it (to count proxy CONNECTs). */
	async function everyFlow(deps: Partial<EngineDeps>, step: (name: string, port: 'http' | 'http2', run: () => Promise<unknown>) => Promise<void>): Promise<void> {
		await writeProfiles();
		const sharing = world.newEngine({ ...deps, shareSsoTokenWithCli: true }).engine;
		await step('sso-oidc (device flow)', 'http', () => signIn(sharing));
		await step('sso portal (ListAccounts)', 'http', async () => assert.ok((await sharing.listSsoAccounts(START_URL, SSO_REGION)).length > 0));
		const sso = sharing.openConnection(SSO_SPEC, 'us-east-1');
		await step('sts (GetCallerIdentity of the SSO sign-in)', 'http', async () => assert.equal((await sso.getIdentity()).principal.roleName, 'BedrockUser'));
		await step('bedrock (ListFoundationModels)', 'http', async () => {
			const bedrock = createBedrockService({ session: sso, logger: new RecordingLogger() });
			try {
				assert.ok(JSON.stringify(await bedrock.listModels()).length > 2);
			} finally {
				bedrock.dispose();
			}
		});
		await step('bedrock-runtime (ConverseStream)', 'http2', async () => assert.ok((await chat(sso)).reply.length > 0));
		// A fresh engine: the sso-session profile goes through the SDK's fromSSO and the CLI-format token.
		const fresh: Engine = world.newEngine(deps).engine;
		await step('sso-session profile (SDK fromSSO)', 'http', async () => assert.equal((await fresh.openConnection({ method: 'profile', profile: 'sso-dev' }, 'us-east-1').getIdentity()).principal.roleName, 'BedrockUser'));
		await step('credential_process profile', 'http', async () => assert.equal((await fresh.openConnection({ method: 'profile', profile: 'proc' }, 'us-east-1').getIdentity()).principal.roleName, 'ProcRole'));
		await step('role chained on it (SDK STS AssumeRole)', 'http', async () => assert.equal((await fresh.openConnection({ method: 'profile', profile: 'chained' }, 'us-east-1').getIdentity()).principal.roleName, 'ChainedRole'));
	}

	it('with AWS_CA_BUNDLE: SSO device flow, portal, STS, Bedrock, ConverseStream, an sso-session profile, credential_process and a role chain all work', async () => {
		const done: string[] = [];
		await everyFlow({ env: envWith({ AWS_CA_BUNDLE: fixtures.caPath }) }, async (name, _port, run) => {
			await run();
			done.push(name);
		});
		assert.equal(done.length, 8);
		assert.ok(world.emulator.control.lastRequest('bedrock:ConverseStream')?.headers[':authority'], 'ConverseStream went over HTTP/2 (no proxy)');
	});

	it("with a profile's ca_bundle (and no AWS_CA_BUNDLE), that profile's credential_process, STS and chat work", async () => {
		await writeProfiles();
		const config = await fs.readFile(world.configFile, 'utf8');
		await world.writeConfig(config.replace('[profile proc]\n', `[profile proc]\nca_bundle = ${fixtures.caPath}\n`));
		const { engine } = world.newEngine({ env: envWith({ AWS_CA_BUNDLE: undefined }) });
		const connection = engine.openConnection({ method: 'profile', profile: 'proc' }, 'us-east-1');
		assert.equal((await connection.getIdentity()).principal.roleName, 'ProcRole');
		assert.match((await chat(connection)).reply, /./);
		const other = engine.openConnection({ method: 'accessKeys' }, 'us-east-1');
		await engine.saveAccessKeys(world.emulator.control.createAccessKey());
		const error = await other.getIdentity().then(() => undefined, (e: unknown) => e as { message: string });
		assert.equal(error?.message, CERTIFICATE_TRUST_MESSAGE, "another sign-in does not get the profile's bundle");
	});

	it('without AWS_CA_BUNDLE: every flow fails as the certificate-trust error kind, with its message', async () => {
		await writeProfiles();
		const { engine } = world.newEngine({ env: envWith({ AWS_CA_BUNDLE: undefined }) });
		const countersBefore = JSON.stringify(world.emulator.control.counters());
		const failures: Record<string, { code?: string; message?: string; action?: string } | undefined> = {};
		const record = async (name: string, run: () => Promise<unknown>) => {
			failures[name] = await run().then(
				() => undefined,
				(e: unknown) => e as { code?: string; message?: string },
			);
		};
		await record('sso device flow', () => signIn(engine));
		await engine.saveAccessKeys(world.emulator.control.createAccessKey());
		await record('access keys: GetCallerIdentity', () => engine.openConnection({ method: 'accessKeys' }, 'us-east-1').getIdentity());
		await record('credential_process profile', () => engine.openConnection({ method: 'profile', profile: 'proc' }, 'us-east-1').getIdentity());
		await record('role chain (SDK STS)', () => engine.openConnection({ method: 'profile', profile: 'chained' }, 'us-east-1').credentials());
		await engine.saveBedrockApiKey(world.emulator.control.createBedrockApiKey().token);
		await record('chat (ConverseStream)', () => chat(engine.openConnection({ method: 'bedrockApiKey' }, 'us-east-1')));
		for (const [name, failure] of Object.entries(failures)) {
			assert.ok(failure, `${name} should fail`);
			assert.equal(failure.message, CERTIFICATE_TRUST_MESSAGE, `${name}: ${failure.message}`);
			assert.equal(failure.code, 'CertificateUntrusted', `${name}: its own code (kept as passing trouble, like Network)`);
			assert.match(failure.action ?? '', /AWS_CA_BUNDLE/, name);
		}
		assert.equal(JSON.stringify(world.emulator.control.counters()), countersBefore, 'no request reached the emulator');
	});

	it('through HTTPS_PROXY = tinyproxy: the same flows work and tinyproxy logs a CONNECT for each service', async () => {
		const proxy: RunningProxy = tinyproxy.proxy;
		const [httpPort, http2Port] = ports();
		const connectsBy: Record<string, string[]> = {};
		await everyFlow({ env: envWith({ AWS_CA_BUNDLE: fixtures.caPath, HTTPS_PROXY: proxy.url }) }, async (name, port, run) => {
			const before = proxy.connectTargets().length;
			await run();
			connectsBy[name] = proxy.connectTargets().slice(before);
			const expected = `127.0.0.1:${port === 'http2' ? http2Port : httpPort}`;
			assert.ok(connectsBy[name].includes(expected), `${name}: CONNECTs ${JSON.stringify(connectsBy[name])}`);
		});
		assert.equal(Object.keys(connectsBy).length, 8);
		assert.equal(world.emulator.control.lastRequest('bedrock:ConverseStream')?.headers[':authority'], undefined, 'ConverseStream came over HTTP/1.1 through the proxy');
	});

	it("VS Code's http.proxy (EngineDeps.httpSettings, then setHttpSettings) is used without any proxy variable", async () => {
		const proxy = tinyproxy.proxy;
		const { engine } = world.newEngine({ env: envWith({ AWS_CA_BUNDLE: fixtures.caPath, HTTPS_PROXY: undefined }), httpSettings: { proxy: 'http://127.0.0.1:1' } });
		engine.setHttpSettings?.({ proxy: proxy.url });
		await engine.saveAccessKeys(world.emulator.control.createAccessKey());
		const before = proxy.connectTargets().length;
		assert.match((await engine.openConnection({ method: 'accessKeys' }, 'us-east-1').getIdentity()).arn, /:user\//);
		assert.ok(proxy.connectTargets().length > before, 'STS went through the proxy from http.proxy');
		assert.ok(engine.describeNetwork?.().some((line) => line.includes(`Proxy: ${proxy.url}`) && line.includes('http.proxy')));
	});
});

describe('network: Diagnose through the real engine', function () {
	this.timeout(60_000);
	const world = useEngineWorld();

	it('reports an unreadable CA bundle as an error naming the path', async () => {
		const bundle = path.join(world.home, 'not-a-file.pem');
		await fs.mkdir(bundle, { recursive: true });
		const { engine } = world.newEngine({ env: { ...process.env, AWS_CA_BUNDLE: bundle } });
		const { findings } = await engine.diagnose();
		const network = findings.filter((f) => f.source === 'Network');
		const ca = network.find((f) => f.summary.startsWith('CA bundle'));
		assert.equal(ca?.severity, 'error', JSON.stringify(network));
		assert.ok(ca?.summary.includes(bundle) && /is not a file/.test(ca.summary), ca?.summary);
		assert.ok(network.some((f) => f.summary.startsWith('Proxy: none')), JSON.stringify(network));
	});

	it('reports config-file endpoint overrides and warns about token-bearing calls over plain http:// to another machine', async () => {
		await world.writeConfig(
			[
				'[default]',
				'region = us-east-1',
				'endpoint_url = http://example.com',
				'services = corp',
				'[services corp]',
				'sso-oidc =',
				'  endpoint_url = http://oidc.example.com',
				'bedrock-runtime =',
				'  endpoint_url = https://bedrock.example.com',
				'sts =',
				'  endpoint_url = http://127.0.0.1:4566',
				'',
			].join('\n'),
		);
		const { engine } = world.newEngine();
		const { findings } = await engine.diagnose();
		const about = (text: string) => findings.find((f) => f.summary.includes(text));
		const all = about('http://example.com');
		assert.equal(all?.severity, 'warning', JSON.stringify(findings));
		assert.match(all?.summary ?? '', /endpoint_url=http:\/\/example\.com.*all AWS calls.*plain http:\/\/.*refresh token/);
		assert.match(all?.source ?? '', /Profile 'default'/);
		const oidc = about('http://oidc.example.com');
		assert.equal(oidc?.severity, 'warning');
		assert.match(oidc?.summary ?? '', /\[services corp\] sso-oidc.*refresh token/);
		assert.equal(about('https://bedrock.example.com')?.severity, 'info', 'https is reported, not warned about');
		assert.equal(about('http://127.0.0.1:4566')?.severity, 'info', 'loopback over http is fine (a local emulator)');
		// The emulator's own AWS_ENDPOINT_URL (http://127.0.0.1) is reported as before, without a warning.
		assert.equal(findings.find((f) => f.summary.startsWith('AWS_ENDPOINT_URL='))?.severity, 'info');
	});
});
