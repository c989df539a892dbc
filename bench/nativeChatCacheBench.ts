// Chat-view prompt caching for `npm run bench` (group 9): the language-model provider's first text
// with a large system prompt (as VS Code's agents send), uncached (chat.promptCaching off) and with a
// cache hit (on), on the emulator's per-token prefill delay. The provider runs as in the extension
// (real ChatServices, service and SDK) with VS Code's classes stood in; the emulator runs in process.
// Prints one JSON object on stdout.
import '../test/support/languageModelStub';
import { createBedrockService } from '../src/aws/bedrock/bedrockService';
import type { AwsCredentials, Connection } from '../src/aws/engineTypes';
import { silentLogger } from '../src/aws/ports';
import { ChatServices } from '../src/vscode/chat/chatServices';
import type { EngineModuleType } from '../src/vscode/engineLoader';
import { BedrockChatProvider } from '../src/vscode/nativeChat/bedrockChatProvider';
import type { ModelInformation } from '../src/vscode/nativeChat/modelInformation';
import type { SignInAccess } from '../src/vscode/signInAccess';
import { startEmulator } from '../test/emulator';
import { LanguageModelTextPart } from '../test/support/languageModelStub';

const MODEL = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const SAMPLES = 7;
/** Emulator prefill: 0.25 ms per uncached input token, 0.01 ms per cached one (as in bench/chatFeaturesBench.ts). */
const DELAYS = { inputMs: 0.25, cachedInputMs: 0.01 };
const SYSTEM_WORDS = 4_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const round = (n: number) => Math.round(n * 10) / 10;
const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };

function connection(key: { accessKeyId: string; secretAccessKey: string }): Connection {
	const credentials = async (): Promise<AwsCredentials> => ({ ...key, expiration: new Date(Date.now() + 3_600_000) });
	return { spec: { method: 'accessKeys' }, region: 'us-east-1', credentials, expiry: () => ({ canRefreshSilently: false }), onDidChange: () => () => undefined, dispose: () => undefined } as unknown as Connection;
}

async function main(): Promise<void> {
	const emulator = await startEmulator();
	Object.assign(process.env, emulator.env, { AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' });
	try {
		emulator.control.setTokenDelays(DELAYS);
		const session = connection(emulator.control.createAccessKey());
		let promptCaching = false;
		const services = new ChatServices({ loadEngine: async () => ({ createBedrockService }) as unknown as EngineModuleType, logger: silentLogger });
		const signIn: SignInAccess = { getConnection: async () => session, onDidChangeConnection: () => ({ dispose: () => undefined }), signIn: async () => undefined };
		const provider = new BedrockChatProvider({ signIn, services, logger: silentLogger, replySettings: () => ({ maxTokens: 50, temperature: 0.5, promptCaching }), offerSignIn: () => undefined });
		const model = (await provider.provideLanguageModelChatInformation({ silent: true })).find((m) => m.id === MODEL) as ModelInformation;
		const system = Array.from({ length: SYSTEM_WORDS }, (_, i) => `rule${i}`).join(' ');
		const firstText = async (question: string): Promise<number> => {
			const started = performance.now();
			let first = Number.NaN;
			const messages = [{ role: 3, content: [new LanguageModelTextPart(system)], name: undefined }, { role: 1, content: [new LanguageModelTextPart(question)], name: undefined }];
			await provider.provideLanguageModelChatResponse(model, messages as never, { toolMode: 1 } as never, { report: (p) => void (p instanceof LanguageModelTextPart && Number.isNaN(first) && (first = performance.now() - started)) }, token as never);
			return first;
		};
		const uncached: number[] = [];
		for (let i = 0; i < SAMPLES; i++) uncached.push(await firstText(`question ${i}`));
		promptCaching = true;
		await firstText('write the cache');
		const cached: number[] = [];
		for (let i = 0; i < SAMPLES; i++) cached.push(await firstText(`question ${100 + i}`));
		services.dispose();
		process.stdout.write(`${JSON.stringify({ samples: SAMPLES, systemTokens: SYSTEM_WORDS, delays: DELAYS, uncachedFirstTextP50Ms: round(median(uncached)), cachedFirstTextP50Ms: round(median(cached)) })}\n`);
	} finally {
		await emulator.stop();
	}
}

main().catch((e: unknown) => {
	process.stdout.write(`${JSON.stringify({ unavailable: (e as Error).message })}\n`);
});
