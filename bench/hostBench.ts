// Host-side figures for `npm run bench`: chat overhead versus a plain SDK call, streaming
// throughput, credential calls through the real engine, and heap growth over a long chat.
// Runs under tsx; the emulator runs in its own process. Prints one JSON object on stdout.
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import type { Engine } from '../src/aws/engineTypes';
import type { BedrockService, ChatTurn, StreamEvent } from '../src/aws/bedrock/bedrockTypes';
import { createBedrockService } from '../src/aws/bedrock/bedrockService';
import { silentLogger } from '../src/aws/ports';
import { startBenchEmulator } from './benchEmulator';
import { section, type Section } from './benchSection';
import type { RemoteEmulator } from './emulatorProcess';
import { keyConnection } from './keyConnection';

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const REGION = 'us-east-1';

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	if (sorted.length === 0) return Number.NaN;
	const index = Math.min(sorted.length - 1, Math.max(0, Math.round((p / 100) * (sorted.length - 1))));
	return sorted[index] as number;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function timeService(service: BedrockService, text: string): Promise<{ firstMs: number; lastMs: number; tokens: number }> {
	const started = performance.now();
	let first = Number.NaN;
	const result = await service.converseStream(
		{ modelId: MODEL, messages: [{ role: 'user', text }] },
		{
			signal: new AbortController().signal,
			onEvent: (e: StreamEvent) => {
				if (e.type === 'text' && Number.isNaN(first)) first = performance.now();
			},
		},
	);
	return { firstMs: first - started, lastMs: performance.now() - started, tokens: result.usage?.outputTokens ?? 0 };
}

async function timePlainSdk(client: BedrockRuntimeClient, text: string): Promise<{ firstMs: number; lastMs: number; tokens: number }> {
	const started = performance.now();
	let first = Number.NaN;
	let tokens = 0;
	const response = await client.send(new ConverseStreamCommand({ modelId: MODEL, messages: [{ role: 'user', content: [{ text }] }] }));
	for await (const event of response.stream ?? []) {
		if (event.contentBlockDelta?.delta?.text !== undefined && Number.isNaN(first)) first = performance.now();
		if (event.metadata?.usage) tokens = event.metadata.usage.outputTokens ?? 0;
	}
	return { firstMs: first - started, lastMs: performance.now() - started, tokens };
}

async function chatOverhead(emulator: RemoteEmulator): Promise<Section> {
	const key = await emulator.call<{ accessKeyId: string; secretAccessKey: string }>('createAccessKey');
	const service = createBedrockService({ session: keyConnection(key, REGION), logger: silentLogger });
	const plain = new BedrockRuntimeClient({ region: REGION, credentials: key, authSchemePreference: ['sigv4'] });
	await emulator.call('setReplyLength', 60);
	const samples = 60;
	const ours: Array<{ firstMs: number; lastMs: number }> = [];
	const theirs: Array<{ firstMs: number; lastMs: number }> = [];
	for (let i = 0; i < 5; i++) {
		await timeService(service, 'warm up');
		await timePlainSdk(plain, 'warm up');
	}
	for (let i = 0; i < samples; i++) {
		// Alternate the order so neither side always runs on a warmer connection pool.
		if (i % 2 === 0) {
			ours.push(await timeService(service, `question ${i}`));
			theirs.push(await timePlainSdk(plain, `question ${i}`));
		} else {
			theirs.push(await timePlainSdk(plain, `question ${i}`));
			ours.push(await timeService(service, `question ${i}`));
		}
	}
	service.dispose();
	plain.destroy();
	const p50 = (xs: Array<{ firstMs: number; lastMs: number }>, k: 'firstMs' | 'lastMs') => percentile(xs.map((x) => x[k]), 50);
	// Paired differences (each sample against its neighbour in time) cancel most of the noise
	// from other processes on the machine better than a difference of two medians.
	const pairedP50 = (k: 'firstMs' | 'lastMs') => percentile(ours.map((x, i) => x[k] - (theirs[i] as { firstMs: number; lastMs: number })[k]), 50);
	return {
		samples,
		replyWords: 60,
		serviceFirstTokenP50Ms: round(p50(ours, 'firstMs')),
		plainFirstTokenP50Ms: round(p50(theirs, 'firstMs')),
		firstTokenOverheadP50Ms: round(pairedP50('firstMs')),
		serviceLastTokenP50Ms: round(p50(ours, 'lastMs')),
		plainLastTokenP50Ms: round(p50(theirs, 'lastMs')),
		lastTokenOverheadP50Ms: round(pairedP50('lastMs')),
		serviceFirstTokenP90Ms: round(percentile(ours.map((x) => x.firstMs), 90)),
		plainFirstTokenP90Ms: round(percentile(theirs.map((x) => x.firstMs), 90)),
	};
}

async function throughput(emulator: RemoteEmulator, chunkChars: number): Promise<Section> {
	const key = await emulator.call<{ accessKeyId: string; secretAccessKey: string }>('createAccessKey');
	const service = createBedrockService({ session: keyConnection(key, REGION), logger: silentLogger });
	const plain = new BedrockRuntimeClient({ region: REGION, credentials: key, authSchemePreference: ['sigv4'] });
	const tokens = 20_000;
	// One delta per token: exactly chunkChars characters each.
	const reply = 'lorem ipsum dolor sit amet '.repeat(Math.ceil((tokens * chunkChars) / 27)).slice(0, tokens * chunkChars);
	const runs = 5;
	const ours: number[] = [];
	const theirs: number[] = [];
	let received = 0;
	const measureOurs = async () => {
		await emulator.call('setNextReplies', [reply]);
		const a = await timeService(service, 'long please');
		received = a.tokens;
		ours.push(a.tokens / (a.lastMs / 1000));
	};
	const measureTheirs = async () => {
		await emulator.call('setNextReplies', [reply]);
		const b = await timePlainSdk(plain, 'long please');
		theirs.push(b.tokens / (b.lastMs / 1000));
	};
	for (let i = 0; i < runs; i++) {
		if (i % 2 === 0) {
			await measureOurs();
			await measureTheirs();
		} else {
			await measureTheirs();
			await measureOurs();
		}
	}
	service.dispose();
	plain.destroy();
	return {
		tokens: received,
		runs,
		serviceTokensPerSecondMedian: Math.round(percentile(ours, 50)),
		plainTokensPerSecondMedian: Math.round(percentile(theirs, 50)),
	};
}

interface EngineModule {
	createEngine(deps: unknown): Engine;
}

/** Loads the credential engine; undefined (with the reason) while it is not built yet. */
async function loadEngine(): Promise<{ engine?: EngineModule; reason?: string }> {
	try {
		const engine = (await import('../src/aws/credentialEngine')) as unknown as EngineModule;
		return { engine };
	} catch (e) {
		return { reason: e instanceof Error ? e.message : String(e) };
	}
}

function memorySecrets() {
	const values = new Map<string, string>();
	return {
		get: async (k: string) => values.get(k),
		store: async (k: string, v: string) => void values.set(k, v),
		delete: async (k: string) => void values.delete(k),
	};
}

async function signedInSsoEngine(mod: EngineModule, emulator: RemoteEmulator, clock?: unknown): Promise<Engine> {
	const engine = mod.createEngine({ secrets: memorySecrets(), logger: silentLogger, env: process.env, ...(clock ? { clock } : {}) });
	await engine.signInWithSso({
		startUrl: 'https://bench.awsapps.com/start',
		ssoRegion: REGION,
		signal: new AbortController().signal,
		onDeviceCode: (info) => void emulator.call('approveDeviceCode', info.userCode),
	});
	return engine;
}

const SSO_SPEC = { method: 'sso', startUrl: 'https://bench.awsapps.com/start', ssoRegion: REGION, accountId: '111111111111', roleName: 'BedrockUser' } as const;

function sumCounters(counters: Record<string, number>, prefixes: string[]): number {
	return Object.entries(counters)
		.filter(([name]) => prefixes.some((p) => name.startsWith(p)))
		.reduce((sum, [, n]) => sum + n, 0);
}

/** Real time plus an offset the bench moves by hand. Sleeps are real (timers must not spin). */
function manualClock() {
	const clock = {
		offsetMs: 0,
		now: () => Date.now() + clock.offsetMs,
		sleep: (ms: number, signal?: AbortSignal) =>
			new Promise<void>((resolve, reject) => {
				const timer = setTimeout(resolve, ms);
				timer.unref();
				signal?.addEventListener('abort', () => {
					clearTimeout(timer);
					reject(new Error('aborted'));
				});
			}),
	};
	return clock;
}

/** Moves the engine's clock and the emulator's clock together, so both agree on expiry. */
async function advance(clock: ReturnType<typeof manualClock>, emulator: RemoteEmulator, toOffsetMs: number): Promise<void> {
	clock.offsetMs = toOffsetMs;
	await emulator.call('clockSkewSeconds', toOffsetMs / 1000);
}

async function credentialCalls(emulator: RemoteEmulator): Promise<Section> {
	const { engine: mod, reason } = await loadEngine();
	if (!mod) return { unavailable: `credential engine not available: ${reason}` };
	let engine: Engine | undefined;
	try {
		// Cold: the SSO access token has expired (its refresh token has not) and no role
		// credentials exist yet. The engine's clock moves past a 60-second token; the emulator's
		// need not move (what it issues later still lives an hour past the engine's now).
		await emulator.call('setLifetimes', { accessToken: 60 });
		const clock = manualClock();
		engine = await signedInSsoEngine(mod, emulator, clock);
		await emulator.call('setLifetimes', { accessToken: 3600 });
		clock.offsetMs = 120_000;
		await emulator.call('setReplyLength', 20);
		await emulator.call('resetCounters');
		const session = engine.openConnection(SSO_SPEC, REGION);
		const service = createBedrockService({ session, logger: silentLogger });
		const ask = (text: string) =>
			service.converseStream({ modelId: MODEL, messages: [{ role: 'user', text }] }, { signal: new AbortController().signal, onEvent: () => undefined });
		await Promise.all(Array.from({ length: 50 }, (_, i) => ask(`cold ${i}`)));
		const cold = await emulator.call<Record<string, number>>('counters');

		await emulator.call('resetCounters');
		for (let i = 0; i < 100; i++) await ask(`steady ${i}`);
		const steady = await emulator.call<Record<string, number>>('counters');
		service.dispose();
		session.dispose();
		engine.dispose();
		engine = undefined;

		return {
			coldConcurrentRequests: 50,
			coldGetRoleCredentials: cold['sso:GetRoleCredentials'] ?? 0,
			coldTokenRefreshes: cold['oidc:CreateToken'] ?? 0,
			steadySequentialRequests: 100,
			steadyStsSsoCalls: sumCounters(steady, ['sts:', 'sso:', 'oidc:']),
			...(await simulatedLifetime(mod, emulator)),
		};
	} catch (e) {
		return { unavailable: `engine run failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` };
	} finally {
		engine?.dispose();
		await emulator.call('clockSkewSeconds', 0);
		await emulator.call('setLifetimes', { roleCredentials: 3600, accessToken: 3600 });
	}
}

/**
 * 60-second role credentials over 10 simulated minutes. The engine runs on a manual clock and
 * the emulator's clock is skewed in step, so both agree on what "expired" means. One credential
 * lookup every 5 simulated seconds stands for a chat request: the Bedrock client asks the
 * session's provider on every request (see src/aws/bedrock/clientCache.ts).
 */
async function simulatedLifetime(mod: EngineModule, emulator: RemoteEmulator): Promise<Section> {
	const clock = manualClock();
	const engine = await signedInSsoEngine(mod, emulator, clock);
	try {
		await emulator.call('setLifetimes', { roleCredentials: 60 });
		const session = engine.openConnection(SSO_SPEC, REGION);
		await emulator.call('resetCounters');
		const simulatedMs = 10 * 60_000;
		const stepMs = 5_000;
		let lookups = 0;
		const keyIds = new Set<string>();
		for (let offsetMs = 0; offsetMs <= simulatedMs; offsetMs += stepMs) {
			await advance(clock, emulator, offsetMs);
			keyIds.add((await session.credentials()).accessKeyId);
			lookups++;
		}
		const counters = await emulator.call<Record<string, number>>('counters');
		session.dispose();
		return {
			lifetimeSeconds: 60,
			simulatedMinutes: 10,
			lookupsEvery5s: lookups,
			refreshesOver10Min: counters['sso:GetRoleCredentials'] ?? 0,
			distinctKeysUsed: keyIds.size,
		};
	} finally {
		engine.dispose();
	}
}

function heapMb(): number {
	(globalThis as { gc?: () => void }).gc?.();
	(globalThis as { gc?: () => void }).gc?.();
	return process.memoryUsage().heapUsed / (1024 * 1024);
}

async function memory(emulator: RemoteEmulator): Promise<Section> {
	if (typeof (globalThis as { gc?: unknown }).gc !== 'function') return { unavailable: 'run with --expose-gc' };
	const key = await emulator.call<{ accessKeyId: string; secretAccessKey: string }>('createAccessKey');
	const service = createBedrockService({ session: keyConnection(key, REGION), logger: silentLogger });
	await emulator.call('setReplyLength', 60);
	const history: ChatTurn[] = [];
	const contextTurns = 20;
	const exchange = async (i: number) => {
		history.push({ role: 'user', text: `Message number ${i}: tell me something about the number ${i}.` });
		let reply = '';
		await service.converseStream(
			{ modelId: MODEL, messages: history.slice(-contextTurns) },
			{ signal: new AbortController().signal, onEvent: (e) => void (e.type === 'text' && (reply += e.text)) },
		);
		history.push({ role: 'assistant', text: reply });
	};
	const baseline = heapMb();
	for (let i = 0; i < 10; i++) await exchange(i);
	const after10 = heapMb();
	for (let i = 10; i < 1000; i++) await exchange(i);
	const after1000 = heapMb();
	const historyChars = history.reduce((n, t) => n + t.text.length, 0);
	service.dispose();
	return {
		baselineHeapMb: round(baseline, 1),
		heapAfter10Mb: round(after10, 1),
		heapAfter1000Mb: round(after1000, 1),
		growthMb: round(after1000 - after10, 1),
		historyTextMb: round((historyChars * 2) / (1024 * 1024), 2),
		contextTurnsPerRequest: contextTurns,
	};
}

async function main(): Promise<void> {
	const chunkChars = 12;
	const emulator = await startBenchEmulator(REGION, { streamChunkChars: chunkChars, streamDelayMs: 0, autoApproveAfterPolls: 0, pollIntervalSeconds: 1 });
	const only = process.argv.slice(2);
	const want = (name: string) => only.length === 0 || only.includes(name);
	const results: Record<string, Section> = {};
	try {
		if (want('chat')) results.chat = await section('chat overhead', () => chatOverhead(emulator));
		if (want('throughput')) results.throughput = await section('streaming throughput', () => throughput(emulator, chunkChars));
		if (want('credentials')) results.credentials = await section('credential calls', () => credentialCalls(emulator));
		if (want('memory')) results.memory = await section('memory', () => memory(emulator));
	} finally {
		await emulator.stop();
	}
	process.stdout.write(`${JSON.stringify(results)}\n`);
	process.exit(0);
}

void main();
