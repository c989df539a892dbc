// Chat-feature figures for `npm run bench` (group 8): first-text latency with and without a
// prompt-cache hit (the emulator's per-token prefill delay makes caching visible), and
// CountTokens latency through the Bedrock service. Runs under tsx with the emulator in process;
// prints one JSON object on stdout.
import type { BedrockService, ConverseRequest } from '../src/aws/bedrock/bedrockTypes';
import { createBedrockService } from '../src/aws/bedrock/bedrockService';
import { silentLogger } from '../src/aws/ports';
import { startEmulator } from '../test/emulator';
import { keyConnection } from './keyConnection';

const MODEL = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const SAMPLES = 7;
/** Emulator prefill: 0.25 ms per uncached input token, 0.01 ms per cached one (about Bedrock's ratio). */
const DELAYS = { inputMs: 0.25, cachedInputMs: 0.01 };
const SYSTEM_WORDS = 4_000;

function log(message: string): void {
	process.stderr.write(`  · ${message}\n`);
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const round = (n: number) => Math.round(n * 10) / 10;


async function firstTextMs(service: BedrockService, request: ConverseRequest): Promise<number> {
	const started = performance.now();
	let first = Number.NaN;
	await service.converseStream(request, {
		signal: new AbortController().signal,
		onEvent: (event) => {
			if (event.type === 'text' && Number.isNaN(first)) first = performance.now() - started;
		},
	});
	return first;
}

async function main(): Promise<void> {
	const emulator = await startEmulator();
	Object.assign(process.env, emulator.env, { AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' });
	try {
		emulator.control.setTokenDelays(DELAYS);
		const service = createBedrockService({ session: keyConnection(emulator.control.createAccessKey(), 'us-east-1'), logger: silentLogger });
		const system = Array.from({ length: SYSTEM_WORDS }, (_, i) => `rule${i}`).join(' ');
		const ask = (i: number, promptCaching: boolean): ConverseRequest => ({ modelId: MODEL, system, messages: [{ role: 'user', text: `question ${i}` }], promptCaching, maxTokens: 50 });
		log(`first text, ${SYSTEM_WORDS}-token system prompt, uncached`);
		const uncached: number[] = [];
		for (let i = 0; i < SAMPLES; i++) uncached.push(await firstTextMs(service, ask(i, false)));
		log('first text, cached (one write first)');
		await firstTextMs(service, ask(-1, true));
		const cached: number[] = [];
		for (let i = 0; i < SAMPLES; i++) cached.push(await firstTextMs(service, ask(100 + i, true)));
		log('CountTokens');
		const counts: number[] = [];
		for (let i = 0; i < 20; i++) {
			const started = performance.now();
			await service.countTokens?.({ modelId: MODEL, system, messages: [{ role: 'user', text: `draft ${i}` }] });
			counts.push(performance.now() - started);
		}
		const started = performance.now();
		await service.countTokens?.({ modelId: MODEL, system, messages: [{ role: 'user', text: 'draft 0' }] });
		const cachedCountMs = performance.now() - started;
		service.dispose();
		process.stdout.write(
			`${JSON.stringify({
				samples: SAMPLES,
				systemTokens: SYSTEM_WORDS,
				delays: DELAYS,
				uncachedFirstTextP50Ms: round(median(uncached)),
				cachedFirstTextP50Ms: round(median(cached)),
				countTokensP50Ms: round(median(counts)),
				countTokensCachedMs: round(cachedCountMs),
			})}\n`,
		);
	} finally {
		await emulator.stop();
	}
}

main().catch((e: unknown) => {
	process.stdout.write(`${JSON.stringify({ unavailable: (e as Error).message })}\n`);
});
