// Activation's side of the Chat view: vendor `bedrock` and `@bedrock` are registered without
// loading dist/nativeChat.js, the model picker is told to look after registering and whenever
// the Connection changes (not on every credential tick) or chat.modelId changes, and the host
// loads once, on first use.
import '../../../support/languageModelStub';
import assert from 'node:assert/strict';
import type { Connection } from '../../../../src/aws/engineTypes';
import { silentLogger } from '../../../../src/aws/ports';
import type { NativeChatModuleType } from '../../../../src/vscode/nativeChatLoader';
import { registerNativeChat } from '../../../../src/vscode/nativeChat/registerNativeChat';
import type { SignInAccess } from '../../../../src/vscode/signInAccess';
import { fakeConnection } from '../../../support/fakeBedrockChat';
import { vscodeStub } from '../../../support/vscodeStubModule';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createContext } = require('../../../support/vscodeStub.cjs') as { createContext: (path: string) => unknown };

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('registerNativeChat', () => {
	const lm = vscodeStub.lm as unknown as Record<string, unknown>;
	const chat = vscodeStub.chat as unknown as Record<string, unknown>;
	const workspace = vscodeStub.workspace as unknown as Record<string, unknown>;
	const saved = { register: lm.registerLanguageModelChatProvider, participant: chat.createChatParticipant, configuration: workspace.onDidChangeConfiguration };
	let configListeners: Array<(e: { affectsConfiguration(key: string): boolean }) => void> = [];
	beforeEach(() => {
		configListeners = [];
		workspace.onDidChangeConfiguration = (l: (typeof configListeners)[number]) => {
			configListeners.push(l);
			return { dispose: () => undefined };
		};
	});
	afterEach(() => {
		lm.registerLanguageModelChatProvider = saved.register;
		chat.createChatParticipant = saved.participant;
		workspace.onDidChangeConfiguration = saved.configuration;
	});

	it('registers the provider and participant lazily and fires model changes on register and per Connection change', async () => {
		const vendors: string[] = [];
		let provider: { onDidChangeLanguageModelChatInformation: (l: () => void) => unknown; provideLanguageModelChatInformation: (o: unknown) => Promise<unknown> } | undefined;
		lm.registerLanguageModelChatProvider = (vendor: string, p: typeof provider) => {
			vendors.push(vendor);
			provider = p;
			return { dispose: () => undefined };
		};
		const participants: string[] = [];
		chat.createChatParticipant = (id: string) => {
			participants.push(id);
			return { dispose: () => undefined };
		};
		let connection: Connection | undefined;
		const listeners: Array<() => void> = [];
		const signIn: SignInAccess = {
			getConnection: async () => connection,
			onDidChangeConnection: (l: () => void) => {
				listeners.push(l);
				return { dispose: () => undefined };
			},
			signIn: async () => undefined,
		} as SignInAccess;
		let loads = 0;
		const load = async () => {
			loads++;
			return { createNativeChatHost: () => ({ provider: { provideLanguageModelChatInformation: async () => ['models'] }, handle: async () => ({}), dispose: () => undefined }) } as unknown as NativeChatModuleType;
		};
		const context = createContext('/ext') as never;
		registerNativeChat(context, { signIn, loadEngine: async () => ({}) as never, logger: silentLogger }, load);
		assert.deepEqual(vendors, ['bedrock']);
		assert.deepEqual(participants, ['bedrockConnect.bedrock']);
		let fired = 0;
		provider?.onDidChangeLanguageModelChatInformation(() => fired++);
		await tick();
		assert.equal(fired, 1, 'fired once after registering');
		assert.equal(loads, 0, 'nothing loaded until VS Code asks');

		const change = () => listeners.forEach((l) => l());
		change();
		await tick();
		assert.equal(fired, 1, 'still signed out: no change to announce');
		connection = fakeConnection('us-east-1');
		change();
		await tick();
		change();
		await tick();
		assert.equal(fired, 2, 'sign-in announced once, not again for the same Connection');
		connection = fakeConnection('eu-west-1');
		change();
		await tick();
		assert.equal(fired, 3, 'a region change is a new Connection');
		connection = undefined;
		change();
		await tick();
		assert.equal(fired, 4, 'sign-out announced');

		const configChanged = (key: string) => configListeners.forEach((l) => l({ affectsConfiguration: (k: string) => key === k || key.startsWith(`${k}.`) }));
		configChanged('bedrockConnect.chat.temperature');
		assert.equal(fired, 4, 'other settings do not touch the models');
		configChanged('bedrockConnect.chat.modelId');
		assert.equal(fired, 5, 'a changed chat.modelId announced: the default model follows it');

		assert.deepEqual(await provider?.provideLanguageModelChatInformation({ silent: true }), ['models']);
		await provider?.provideLanguageModelChatInformation({ silent: true });
		assert.equal(loads, 1, 'the host loads once');
	});
});
