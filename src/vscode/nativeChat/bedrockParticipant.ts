// `@bedrock` in VS Code's Chat view: one chat turn (runChatTurn, as the panel runs them) per
// request, streamed as markdown; Stop cancels; #file and selection references travel as
// attachments; `/model` chooses the model; signed out it answers with a Sign In button. The
// default model `bedrock-default` picked in the Chat view answers as chat.modelId / its route.
// Images and binary documents among the references go as blocks, checked like the panel's: against
// Bedrock's limits and against what the model takes (refused before sending; earlier ones as notes).
import * as vscode from 'vscode';
import type { Logger } from '../../aws/ports';
import type { ChatServices } from '../chat/chatServices';
import { runChatTurn, type ChatTurnSink, type ReplySettings } from '../chat/chatTurn';
import type { ModelCatalogue } from '../../aws/bedrock/bedrockTypes';
import type { ChatErrorView, ChatMessage, ContextAttachment, MediaAttachment } from '../../shared/protocol';
import { attachmentRefusal } from '../chat/attachmentCheck';
import { chosenModelIn, modelInputRefusalView } from '../chat/modelInputGate';
import type { SignInAccess } from '../signInAccess';
import type { Connection } from '../../aws/engineTypes';
import { modelInformationFor, type ModelInformation } from './modelInformation';
import { chooseModelId, historyMessages, message } from './participantConversation';
import { mediaOf } from './participantMedia';

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

const readFile = (uri: { scheme: string; path: string }) => vscode.workspace.fs.readFile(uri as vscode.Uri);

/** Said when an attachment cannot go: VS Code keeps the request in the chat, so nothing is lost. */
const REFUSED_ACTION = 'Nothing was sent; your question stays above. Change the model or the references and ask again.';

async function attachments(references: readonly vscode.ChatPromptReference[], logger: Logger): Promise<{ context: ContextAttachment[]; media: MediaAttachment[] }> {
	const context: ContextAttachment[] = [];
	const media: MediaAttachment[] = [];
	for (const reference of references) {
		try {
			const file = await mediaOf(reference.value, readFile);
			const resolved = file ? undefined : await attachment(reference);
			if (file) media.push(file);
			if (resolved) context.push(resolved);
		} catch (e) {
			logger.warn(`could not read a chat reference: ${e instanceof Error ? e.message : String(e)}`);
		}
	}
	return { context, media };
}

/** Earlier @bedrock requests' images and documents, read again: the panel sends earlier files with each turn too. */
async function historyMedia(history: ReadonlyArray<unknown>, logger: Logger): Promise<Map<unknown, MediaAttachment[]>> {
	const byTurn = new Map<unknown, MediaAttachment[]>();
	for (const turn of history) {
		const references = (turn as { references?: readonly vscode.ChatPromptReference[] }).references;
		if (!Array.isArray(references) || references.length === 0) continue;
		const media: MediaAttachment[] = [];
		for (const reference of references) {
			try {
				const file = await mediaOf(reference.value, readFile);
				if (file) media.push(file);
			} catch (e) {
				logger.warn(`could not read an earlier chat reference: ${e instanceof Error ? e.message : String(e)}`);
			}
		}
		if (media.length > 0) byTurn.set(turn, media);
	}
	return byTurn;
}

/** The region's catalogue, or undefined when it cannot be listed (chat.modelId is used as it is; Bedrock decides on files). */
async function listedCatalogue(services: ChatServices, connection: Connection): Promise<ModelCatalogue | undefined> {
	return services.catalogue(connection).catch(() => undefined);
}

const listedModels = (catalogue: ModelCatalogue | undefined, connection: Connection): ModelInformation[] | undefined =>
	catalogue && modelInformationFor(catalogue, connection.region);

function refuse(stream: vscode.ChatResponseStream, error: ChatErrorView, modelId: string): vscode.ChatResult {
	showError(stream, { ...error, action: REFUSED_ACTION });
	return { metadata: { modelId, failed: true, refused: error.code } };
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
		const catalogue = await listedCatalogue(deps.services, connection);
		const modelId = chooseModelId(request.model, deps.configuredModelId(), listedModels(catalogue, connection));
		if (!modelId) {
			stream.markdown('No Bedrock model is chosen. Pick one in the Chat view\'s model picker, or choose one for @bedrock.');
			stream.button(BUTTONS.chooseModel as vscode.Command);
			return {};
		}
		const { context: references, media } = await attachments(request.references, deps.logger);
		const earlier: ChatMessage[] = historyMessages(context.history, await historyMedia(context.history, deps.logger));
		const model = chosenModelIn(catalogue, modelId);
		const refused = attachmentRefusal(media, earlier) ?? modelInputRefusalView(media, model);
		if (refused) return refuse(stream, refused, modelId);
		const user = message('user', request.prompt, references, media);
		const conversation = { messages: [...earlier, user] };
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
			await runChatTurn({ serviceFor: (c) => deps.services.serviceFor(c), logger: deps.logger }, { connection, modelId, model, conversation, user, settings: deps.replySettings(), signal: controller.signal }, sink);
		} finally {
			cancel.dispose();
		}
		return { metadata: { modelId, failed } };
	};
}
