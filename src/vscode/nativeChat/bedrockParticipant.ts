// `@bedrock` in VS Code's Chat view: one chat turn (runChatTurn, as the panel runs them) per
// request, streamed as markdown; Stop cancels; #file and selection references travel as
// attachments; `/model` chooses the model; signed out it answers with a Sign In button. The
// default model `bedrock-default` picked in the Chat view answers as chat.modelId / its route.
import * as vscode from 'vscode';
import type { Logger } from '../../aws/ports';
import type { ChatServices } from '../chat/chatServices';
import { runChatTurn, type ChatTurnSink, type ReplySettings } from '../chat/chatTurn';
import type { ChatErrorView, ContextAttachment } from '../../shared/protocol';
import type { SignInAccess } from '../signInAccess';
import type { Connection } from '../../aws/engineTypes';
import { modelInformationFor, type ModelInformation } from './modelInformation';
import { chooseModelId, historyMessages, message } from './participantConversation';

export interface ParticipantDeps {
	signIn: SignInAccess;
	services: ChatServices;
	logger: Logger;
	replySettings(): ReplySettings;
	configuredModelId(): string;
}

export const SIGNED_OUT_ANSWER = 'You are not signed in to AWS. Sign in, then ask again: @bedrock answers with your Amazon Bedrock models.';
/** Larger files are cut: the model's context is finite and the rest would crowd out the question. */
const MAX_REFERENCE_CHARS = 100_000;

const BUTTONS: Record<string, vscode.Command> = {
	signIn: { command: 'bedrockConnect.signIn', title: 'Sign In' },
	chooseModel: { command: 'bedrockConnect.selectModel', title: 'Choose Model' },
	openSettings: { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['bedrockConnect.chat'] },
};

function showError(stream: vscode.ChatResponseStream, error: ChatErrorView): void {
	stream.markdown(`\n\n**${error.message}**${error.action ? ` ${error.action}` : ''}`);
	for (const action of error.actions) {
		const button = BUTTONS[action];
		if (button) stream.button(button);
	}
}

function clip(text: string): string {
	return text.length > MAX_REFERENCE_CHARS ? `${text.slice(0, MAX_REFERENCE_CHARS)}\n… (cut at ${MAX_REFERENCE_CHARS} characters)` : text;
}

async function attachment(reference: vscode.ChatPromptReference): Promise<ContextAttachment | undefined> {
	const value = reference.value;
	if (typeof value === 'string') return { kind: 'selection', label: reference.id, language: '', text: clip(value) };
	const uri = value instanceof vscode.Uri ? value : (value as vscode.Location).uri;
	const range = value instanceof vscode.Uri ? undefined : (value as vscode.Location).range;
	const document = await vscode.workspace.openTextDocument(uri);
	const label = vscode.workspace.asRelativePath(uri) + (range ? `:${range.start.line + 1}-${range.end.line + 1}` : '');
	return { kind: range ? 'selection' : 'file', label, language: document.languageId, text: clip(document.getText(range)) };
}

async function attachments(references: readonly vscode.ChatPromptReference[], logger: Logger): Promise<ContextAttachment[]> {
	const out: ContextAttachment[] = [];
	for (const reference of references) {
		try {
			const resolved = await attachment(reference);
			if (resolved) out.push(resolved);
		} catch (e) {
			logger.warn(`could not read a chat reference: ${e instanceof Error ? e.message : String(e)}`);
		}
	}
	return out;
}

/** The region's models, or undefined when they cannot be listed (chat.modelId is used as it is). */
async function listedModels(services: ChatServices, connection: Connection): Promise<ModelInformation[] | undefined> {
	try {
		return modelInformationFor(await services.catalogue(connection), connection.region);
	} catch {
		return undefined;
	}
}

export function createParticipantHandler(deps: ParticipantDeps): vscode.ChatRequestHandler {
	return async (request, context, stream, token) => {
		if (request.command === 'model') {
			const chosen = await vscode.commands.executeCommand<string | undefined>('bedrockConnect.selectModel');
			stream.markdown(chosen ? `@bedrock now answers with **${chosen}** when no Bedrock model is picked in the Chat view.` : 'The model is unchanged.');
			return {};
		}
		const connection = await deps.signIn.getConnection().catch(() => undefined);
		if (!connection) {
			stream.markdown(SIGNED_OUT_ANSWER);
			stream.button(BUTTONS.signIn as vscode.Command);
			return { metadata: { signedOut: true } };
		}
		const modelId = chooseModelId(request.model, deps.configuredModelId(), await listedModels(deps.services, connection));
		if (!modelId) {
			stream.markdown('No Bedrock model is chosen. Pick one in the Chat view\'s model picker, or choose one for @bedrock.');
			stream.button(BUTTONS.chooseModel as vscode.Command);
			return {};
		}
		const user = message('user', request.prompt, await attachments(request.references, deps.logger));
		const conversation = { messages: [...historyMessages(context.history), user] };
		const controller = new AbortController();
		const cancel = token.onCancellationRequested(() => controller.abort());
		let failed = false;
		const sink: ChatTurnSink = {
			started: () => undefined,
			textDelta: (text) => stream.markdown(text),
			progress: (text) => stream.progress(text),
			ended: () => undefined,
			failed: ({ error }) => {
				failed = true;
				showError(stream, error);
			},
		};
		try {
			await runChatTurn({ serviceFor: (c) => deps.services.serviceFor(c), logger: deps.logger }, { connection, modelId, conversation, user, settings: deps.replySettings(), signal: controller.signal }, sink);
		} finally {
			cancel.dispose();
		}
		return { metadata: { modelId, failed } };
	};
}
