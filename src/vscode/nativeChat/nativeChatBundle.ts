// Entry of dist/nativeChat.js: Bedrock in VS Code's own Chat view (the language-model provider
// and the `@bedrock` participant), loaded by src/vscode/nativeChatLoader.ts the first time VS Code
// asks the provider or the participant anything, so activation never parses it.
import * as vscode from 'vscode';
import type { ChatDependencies } from '../chat/chatDependencies';
import { ChatServices } from '../chat/chatServices';
import { configuredModelId } from '../chat/modelPicker';
import { configuredReplySettings } from '../chat/replySettings';
import { BedrockChatProvider } from './bedrockChatProvider';
import { createParticipantHandler } from './bedrockParticipant';

export interface NativeChatHost extends vscode.Disposable {
	provider: BedrockChatProvider;
	handle: vscode.ChatRequestHandler;
}

function offerSignIn(): void {
	void vscode.window.showInformationMessage('Sign in to AWS to use your Amazon Bedrock models in the Chat view.', 'Sign In').then((choice) => {
		if (choice) void vscode.commands.executeCommand('bedrockConnect.signIn');
	});
}

export function createNativeChatHost(deps: ChatDependencies): NativeChatHost {
	const services = new ChatServices(deps);
	const provider = new BedrockChatProvider({ signIn: deps.signIn, services, logger: deps.logger, replySettings: configuredReplySettings, offerSignIn, configuredModelId });
	const handle = createParticipantHandler({ signIn: deps.signIn, services, logger: deps.logger, replySettings: configuredReplySettings, configuredModelId });
	return { provider, handle, dispose: () => services.dispose() };
}
