// Registers vendor `bedrock` with VS Code's language-model API and the `@bedrock` participant.
// In the activation bundle: it only registers; the work lives in dist/nativeChat.js, loaded the
// first time VS Code asks for models, a reply, a token count or a participant answer.
// The Chat view shows a provider's models only after it fires its change event, so it fires once
// registered and whenever the Connection changes (sign-in, sign-out, region or role switch), and
// when bedrockConnect.chat.modelId changes (the default model's name and limits follow it).
import * as vscode from 'vscode';
import type { ChatDependencies } from '../chat/chatDependencies';
import type { NativeChatHost } from './nativeChatBundle';
import type { NativeChatModuleType } from '../nativeChatLoader';
import { loadNativeChatModule } from '../nativeChatLoader';
import type { Connection } from '../../aws/engineTypes';
import { MODEL_SETTING_KEY, PARTICIPANT_ID, VENDOR } from './names';

export function registerNativeChat(
	context: vscode.ExtensionContext,
	deps: ChatDependencies,
	load: () => Promise<NativeChatModuleType> = loadNativeChatModule,
): void {
	let host: Promise<NativeChatHost> | undefined;
	const getHost = (): Promise<NativeChatHost> => {
		host ??= load()
			.then((module) => module.createNativeChatHost(deps))
			.catch((e: unknown) => {
				host = undefined; // let the next use try again
				throw e;
			});
		return host;
	};
	const changed = new vscode.EventEmitter<void>();
	let last: Connection | undefined | null = null;
	const connectionChanged = () => {
		void deps.signIn.getConnection().then(
			(connection) => {
				if (connection === last) return;
				last = connection;
				changed.fire();
			},
			() => undefined,
		);
	};
	const provider: vscode.LanguageModelChatProvider = {
		onDidChangeLanguageModelChatInformation: changed.event,
		provideLanguageModelChatInformation: (options) => getHost().then((h) => h.provider.provideLanguageModelChatInformation(options)),
		provideLanguageModelChatResponse: (model, messages, options, progress, token) =>
			getHost().then((h) => h.provider.provideLanguageModelChatResponse(model as Parameters<typeof h.provider.provideLanguageModelChatResponse>[0], messages, options, progress, token)),
		provideTokenCount: (model, text) => getHost().then((h) => h.provider.provideTokenCount(model as Parameters<typeof h.provider.provideTokenCount>[0], text)),
	};
	context.subscriptions.push(
		changed,
		{ dispose: () => void host?.then((loaded) => loaded.dispose(), () => undefined) },
		vscode.lm.registerLanguageModelChatProvider(VENDOR, provider),
		deps.signIn.onDidChangeConnection(connectionChanged),
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (e.affectsConfiguration(MODEL_SETTING_KEY)) changed.fire();
		}),
	);
	const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, (request, chatContext, stream, token) =>
		getHost().then((h) => h.handle(request, chatContext, stream, token)),
	);
	context.subscriptions.push(participant);
	// After registering: the model picker stays empty until the provider first fires.
	// The Connection it will answer for (once restored) is the baseline later changes compare with.
	const initial = setTimeout(() => {
		changed.fire();
		void deps.signIn.getConnection().then(
			(connection) => {
				if (last === null) last = connection;
			},
			() => undefined,
		);
	}, 0);
	context.subscriptions.push({ dispose: () => clearTimeout(initial) });
}
