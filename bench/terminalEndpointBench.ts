// Terminal credential endpoint figures for `npm run bench`: latency (p50/p99) and requests per
// second of the loopback endpoint serving a real SSO Connection, and upstream calls (SSO, OIDC,
// STS) per 1,000 fetches. The emulator runs in its own process. Prints one JSON object on stdout.
import { Agent, request } from 'node:http';
import type { Engine } from '../src/aws/engineTypes';
import { createEngine } from '../src/aws/credentialEngine';
import { silentLogger } from '../src/aws/ports';
import { startTerminalEndpoint } from '../src/aws/terminal/terminalEndpoint';
import { startBenchEmulator } from './benchEmulator';

const REGION = 'us-east-1';
const FETCHES = 1_000;
const CONCURRENCY = 10;
const SPEC = { method: 'sso', startUrl: 'https://bench.awsapps.com/start', ssoRegion: REGION, accountId: '111111111111', roleName: 'BedrockUser' } as const;

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round((p / 100) * (sorted.length - 1))))] ?? Number.NaN;
}

function fetchOnce(url: URL, token: string, agent: Agent): Promise<number> {
	const started = performance.now();
	return new Promise((resolve, reject) => {
		const req = request(url, { agent, headers: { authorization: token } }, (res) => {
			res.resume();
			res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`status ${res.statusCode}`))));
		});
		req.on('error', reject);
		req.end();
	});
}

async function main(): Promise<void> {
	const emulator = await startBenchEmulator(REGION, { autoApproveAfterPolls: 0, pollIntervalSeconds: 1 });
	let engine: Engine | undefined;
	let result: Record<string, unknown>;
	try {
		const values = new Map<string, string>();
		engine = createEngine({ secrets: { get: async (k) => values.get(k), store: async (k, v) => void values.set(k, v), delete: async (k) => void values.delete(k) }, logger: silentLogger });
		await engine.signInWithSso({ startUrl: SPEC.startUrl, ssoRegion: REGION, signal: new AbortController().signal, onDeviceCode: () => undefined });
		const connection = engine.openConnection(SPEC, REGION);
		await emulator.call('resetCounters');
		const endpoint = await startTerminalEndpoint({ getConnection: async () => connection, shareEnabled: () => true, logger: silentLogger });
		const url = new URL(endpoint.url);
		const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
		const latencies: number[] = [];
		let next = 0;
		const started = performance.now();
		await Promise.all(
			Array.from({ length: CONCURRENCY }, async () => {
				while (next < FETCHES) {
					next++;
					latencies.push(await fetchOnce(url, endpoint.token, agent));
				}
			}),
		);
		const elapsedMs = performance.now() - started;
		const counters = await emulator.call<Record<string, number>>('counters');
		const upstream = Object.entries(counters)
			.filter(([name]) => /^(sso|oidc|sts):/.test(name))
			.reduce((sum, [, n]) => sum + n, 0);
		agent.destroy();
		await endpoint.close();
		connection.dispose();
		result = {
			fetches: FETCHES,
			concurrency: CONCURRENCY,
			p50Ms: Math.round(percentile(latencies, 50) * 100) / 100,
			p99Ms: Math.round(percentile(latencies, 99) * 100) / 100,
			requestsPerSecond: Math.round((FETCHES / elapsedMs) * 1000),
			upstreamCalls: upstream,
		};
	} catch (e) {
		result = { unavailable: `terminal endpoint bench failed: ${e instanceof Error ? e.message : String(e)}` };
	} finally {
		engine?.dispose();
		await emulator.stop();
	}
	process.stdout.write(`${JSON.stringify(result)}\n`);
	process.exit(0);
}

void main();
