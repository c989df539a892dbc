// Figures for Bedrock in VS Code's Chat view (group 8 of `npm run bench`): the language-model
// provider's first-text overhead over a plain SDK call, the model list cold and from cache, and
// how often CountTokens is answered from its cache while VS Code re-counts a growing chat.
// The provider runs as in the extension (real ChatServices, service and SDK) with VS Code's
// classes stood in; the emulator runs in its own process. Prints one JSON object on stdout.
import '../test/support/languageModelStub';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { createBedrockService } from '../src/aws/bedrock/bedrockService';
import type { Connection } from '../src/aws/engineTypes';
import { silentLogger } from '../src/aws/ports';
import { ChatServices } from '../src/vscode/chat/chatServices';
import type { EngineModuleType } from '../src/vscode/engineLoader';
import { BedrockChatProvider } from '../src/vscode/nativeChat/bedrockChatProvider';
import type { ModelInformation } from '../src/vscode/nativeChat/modelInformation';
import type { SignInAccess } from '../src/vscode/signInAccess';
import { LanguageModelTextPart } from '../test/support/languageModelStub';
import { startBenchEmulator } from './benchEmulator';
import { section } from './benchSection';
import type { RemoteEmulator } from './emulatorProcess';
import { keyConnection } from './keyConnection';

const REGION = 'us-east-1';
const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const COUNTED_MODEL = 'us.anthropic.claude-3-5-haiku-20241022-v1:0';

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

function providerFor(connection: Connection): { provider: BedrockChatProvider; services: ChatServices } {
	const engine = { createBedrockService } as unknown as EngineModuleType;
	const services = new ChatServices({ loadEngine: async () => engine, logger: silentLogger });
	const signIn: SignInAccess = { getConnection: async () => connection, onDidChangeConnection: () => ({ dispose: () => undefined }), signIn: async () => undefined };
	const provider = new BedrockChatProvider({ signIn, services, logger: silentLogger, replySettings: () => ({ maxTokens: 4096, temperature: 0.5 }), offerSignIn: () => undefined });
	return { provider, services };
}

const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };

async function providerFirstText(provider: BedrockChatProvider, model: ModelInformation, text: string): Promise<number> {
	const started = performance.now();
	let first = Number.NaN;
	await provider.provideLanguageModelChatResponse(
		model,
		[{ role: 1, content: [new LanguageModelTextPart(text)], name: undefined }] as never,
		{ toolMode: 1 } as never,
		{ report: (part) => void (part instanceof LanguageModelTextPart && Number.isNaN(first) && (first = performance.now())) },
		token as never,
	);
	return first - started;
}

async function plainFirstText(client: BedrockRuntimeClient, text: string): Promise<number> {
	const started = performance.now();
	let first = Number.NaN;
	const response = await client.send(new ConverseStreamCommand({ modelId: MODEL, messages: [{ role: 'user', content: [{ text }] }], inferenceConfig: { maxTokens: 4096, temperature: 0.5 } }));
	for await (const event of response.stream ?? []) {
		if (event.contentBlockDelta?.delta?.text !== undefined && Number.isNaN(first)) first = performance.now();
	}
	return first - started;
}

async function firstText(emulator: RemoteEmulator): Promise<Record<string, unknown>> {
	const key = await emulator.call<{ accessKeyId: string; secretAccessKey: string }>('createAccessKey');
	const { provider, services } = providerFor(keyConnection(key, REGION));
	const model = (await provider.provideLanguageModelChatInformation({ silent: true })).find((m) => m.id === MODEL) as ModelInformation;
	const plain = new BedrockRuntimeClient({ region: REGION, credentials: key, authSchemePreference: ['sigv4'] });
	await emulator.call('setReplyLength', 60);
	for (let i = 0; i < 5; i++) {
		await providerFirstText(provider, model, 'warm up');
		await plainFirstText(plain, 'warm up');
	}
	const samples = 60;
	const ours: number[] = [];
	const theirs: number[] = [];
	for (let i = 0; i < samples; i++) {
		// Alternate the order so neither side always runs on a warmer connection.
		if (i % 2 === 0) {
			ours.push(await providerFirstText(provider, model, `question ${i}`));
			theirs.push(await plainFirstText(plain, `question ${i}`));
		} else {
			theirs.push(await plainFirstText(plain, `question ${i}`));
			ours.push(await providerFirstText(provider, model, `question ${i}`));
		}
	}
	services.dispose();
	plain.destroy();
	return {
		samples,
		providerFirstTextP50Ms: round(median(ours)),
		plainFirstTextP50Ms: round(median(theirs)),
		firstTextOverheadP50Ms: round(median(ours.map((x, i) => x - (theirs[i] as number)))),
	};
}

async function modelList(emulator: RemoteEmulator): Promise<Record<string, unknown>> {
	const key = await emulator.call<{ accessKeyId: string; secretAccessKey: string }>('createAccessKey');
	const connection = keyConnection(key, REGION);
	const cold: number[] = [];
	const cached: number[] = [];
	for (let i = 0; i < 10; i++) {
		const { provider, services } = providerFor(connection);
		let started = performance.now();
		const models = await provider.provideLanguageModelChatInformation({ silent: true });
		cold.push(performance.now() - started);
		if (models.length === 0) throw new Error('no models listed');
		for (let j = 0; j < 5; j++) {
			started = performance.now();
			await provider.provideLanguageModelChatInformation({ silent: true });
			cached.push(performance.now() - started);
		}
		services.dispose();
	}
	return { coldMedianMs: round(median(cold)), cachedMedianMs: round(median(cached), 3), runs: cold.length };
}

/** VS Code counts every message of the conversation before each request: 10 requests, one more exchange each. */
async function countTokens(emulator: RemoteEmulator): Promise<Record<string, unknown>> {
	const key = await emulator.call<{ accessKeyId: string; secretAccessKey: string }>('createAccessKey');
	const { provider, services } = providerFor(keyConnection(key, REGION));
	const model = (await provider.provideLanguageModelChatInformation({ silent: true })).find((m) => m.id === COUNTED_MODEL) as ModelInformation;
	const messages: string[] = [];
	for (let request = 0; request < 10; request++) {
		messages.push(`Question ${request}: how do I list the buckets of account ${request}?`, `Answer ${request}: call ListBuckets with the SDK.`);
		for (const text of messages) await provider.provideTokenCount(model, text);
	}
	const stats = (await provider.counterFor())?.stats ?? { hits: 0, misses: 0, estimates: 0 };
	services.dispose();
	const asked = stats.hits + stats.misses + stats.estimates;
	return { ...stats, asked, hitRatePercent: round((100 * stats.hits) / asked, 1) };
}

async function main(): Promise<void> {
	const emulator = await startBenchEmulator(REGION, { streamChunkChars: 12, streamDelayMs: 0 });
	const results: Record<string, unknown> = {};
	try {
		results.firstText = await section('chat view: provider first text', () => firstText(emulator));
		results.modelList = await section('chat view: model list', () => modelList(emulator));
		results.countTokens = await section('chat view: CountTokens cache', () => countTokens(emulator));
	} finally {
		await emulator.stop();
	}
	process.stdout.write(`${JSON.stringify(results)}\n`);
	process.exit(0);
}

void main();
