// The language-model provider behind vendor `bedrock`: the signed-in identity's models for VS
// Code's Chat view and for any extension's `vscode.lm.selectChatModels`, replies streamed as text
// and tool-call parts, token counts. Credentials come from the same Connection the panel uses.
// The first model is always `bedrock-default` (defaultModel.ts), resolved again on every request:
// VS Code may hand back the information it had before a sign-in or a changed chat.modelId.
import * as vscode from 'vscode';
import type { LmConverseRequest, LmStreamEvent } from '../../aws/bedrock/lmTypes';
import type { Connection } from '../../aws/engineTypes';
import { isCancellation } from '../../aws/errors';
import type { Logger } from '../../aws/ports';
import type { ChatServices } from '../chat/chatServices';
import type { ReplySettings } from '../chat/chatTurn';
import type { SignInAccess } from '../signInAccess';
import { languageModelFailure, SIGNED_OUT_MESSAGE } from './languageModelErrors';
import { defaultModelInformation, isDefaultModel, routeDefault, SIGNED_OUT_DEFAULT, UNLISTED_DEFAULT } from './defaultModel';
import { modelInformationFor, type ModelInformation } from './modelInformation';
import { textForCounting, toLmMessages } from './requestMessages';
import { TokenCounter, estimateTokens } from './tokenCount';
import { GuardrailReplyGate } from './guardrailReply';

export interface BedrockChatProviderDeps {
	signIn: SignInAccess;
	services: ChatServices;
	logger: Logger;
	/** The panel's settings; the Chat view applies all but the system prompt (VS Code sends its own) and prices. */
	replySettings(): Pick<ReplySettings, 'maxTokens' | 'temperature'> & Partial<Pick<ReplySettings, 'reasoning' | 'promptCaching' | 'serviceTier' | 'performance' | 'guardrail'>>;
	/** Offers "AWS: Sign In…" (not silent, signed out). */
	offerSignIn(): void;
	/** bedrockConnect.chat.modelId: where `bedrock-default` routes when the catalogue has it. */
	configuredModelId?(): string;
}

export function toLanguageModelError(e: unknown): Error {
	const failure = languageModelFailure(e);
	switch (failure.kind) {
		case 'NoPermissions':
			return vscode.LanguageModelError.NoPermissions(failure.message);
		case 'Blocked':
			return vscode.LanguageModelError.Blocked(failure.message);
		case 'NotFound':
			return vscode.LanguageModelError.NotFound(failure.message);
		default:
			return new Error(failure.message);
	}
}

function numberOption(options: { readonly [name: string]: unknown } | undefined, ...names: string[]): number | undefined {
	for (const name of names) {
		const value = options?.[name];
		if (typeof value === 'number' && Number.isFinite(value)) return value;
	}
	return undefined;
}

export class BedrockChatProvider implements vscode.LanguageModelChatProvider<ModelInformation> {
	private counter: { connection: Connection; counter: TokenCounter } | undefined;

	constructor(private readonly deps: BedrockChatProviderDeps) {}

	private connection(): Promise<Connection | undefined> {
		return this.deps.signIn.getConnection().catch(() => undefined);
	}

	private configuredModelId(): string {
		return this.deps.configuredModelId?.() ?? '';
	}

	private async models(connection: Connection): Promise<ModelInformation[]> {
		return modelInformationFor(await this.deps.services.catalogue(connection), connection.region);
	}

	async provideLanguageModelChatInformation(options: vscode.PrepareLanguageModelChatModelOptions): Promise<ModelInformation[]> {
		const connection = await this.connection();
		if (!connection) {
			if (!options.silent) this.deps.offerSignIn();
			return [SIGNED_OUT_DEFAULT];
		}
		try {
			const models = await this.models(connection);
			const route = routeDefault(models, this.configuredModelId());
			return route ? [defaultModelInformation(route, this.configuredModelId()), ...models] : models;
		} catch (e) {
			// A failed listing is not cached (ChatServices): the next query tries again. The default
			// stays, so a chat that selected it keeps a valid model.
			this.deps.logger.warn(`listing models for the Chat view failed: ${languageModelFailure(e).message}`);
			return [UNLISTED_DEFAULT];
		}
	}

	/**
	 * The model a request goes to: itself, or for `bedrock-default` the routed model as of now.
	 * Signed out, undefined. Without a listing the configured id is still tried.
	 */
	async resolve(model: ModelInformation): Promise<ModelInformation | undefined> {
		const connection = await this.connection();
		if (!connection) return undefined;
		if (!isDefaultModel(model)) return model;
		let models: ModelInformation[];
		try {
			models = await this.models(connection);
		} catch (e) {
			const configured = this.configuredModelId();
			if (configured) return { ...model, id: configured, version: '' };
			throw e;
		}
		const route = routeDefault(models, this.configuredModelId());
		if (!route) throw vscode.LanguageModelError.NotFound('No Amazon Bedrock model is available in this region. Run "Bedrock: Select Model…" to choose one, or switch region.');
		return route.model;
	}

	async provideLanguageModelChatResponse(
		model: ModelInformation,
		messages: readonly vscode.LanguageModelChatRequestMessage[],
		options: vscode.ProvideLanguageModelChatResponseOptions,
		progress: vscode.Progress<vscode.LanguageModelResponsePart>,
		token: vscode.CancellationToken,
	): Promise<void> {
		// Signed out nothing pretends to answer: callers get NoPermissions with what to do.
		const connection = await this.connection();
		if (!connection) throw vscode.LanguageModelError.NoPermissions(SIGNED_OUT_MESSAGE);
		let target: ModelInformation | undefined;
		try {
			target = await this.resolve(model);
		} catch (e) {
			throw e instanceof vscode.LanguageModelError ? e : toLanguageModelError(e);
		}
		if (!target) throw vscode.LanguageModelError.NoPermissions(SIGNED_OUT_MESSAGE);
		const controller = new AbortController();
		const cancel = token.onCancellationRequested(() => controller.abort());
		if (token.isCancellationRequested) controller.abort();
		const settings = this.deps.replySettings();
		const request: LmConverseRequest = {
			modelId: target.id,
			messages: toLmMessages(messages),
			tools: (options.tools ?? []).map((tool) => ({ name: tool.name, description: tool.description, ...(tool.inputSchema ? { inputSchema: tool.inputSchema } : {}) })),
			toolMode: options.toolMode === vscode.LanguageModelChatToolMode.Required ? 'required' : 'auto',
			maxTokens: numberOption(options.modelOptions, 'maxTokens', 'max_tokens') ?? Math.min(settings.maxTokens, target.maxOutputTokens),
			temperature: numberOption(options.modelOptions, 'temperature') ?? settings.temperature,
			...(settings.reasoning ? { reasoning: settings.reasoning } : {}),
			...(settings.promptCaching !== undefined ? { promptCaching: settings.promptCaching } : {}),
			...(settings.serviceTier ? { serviceTier: settings.serviceTier } : {}),
			...(settings.performance ? { performance: settings.performance } : {}),
			...(settings.guardrail ? { guardrail: settings.guardrail } : {}),
		};
		const gate = new GuardrailReplyGate(settings.guardrail);
		const reportText = (text: string) => {
			if (text !== '') progress.report(new vscode.LanguageModelTextPart(text));
		};
		const onEvent = (event: LmStreamEvent) => {
			if (controller.signal.aborted) return;
			if (event.type === 'text') reportText(gate.text(event.text));
			else if (event.type === 'toolCall') {
				reportText(gate.release());
				progress.report(new vscode.LanguageModelToolCallPart(event.callId, event.name, event.input));
			}
		};
		try {
			const service = await this.deps.services.serviceFor(connection);
			if (!service.converseParts) throw new Error('This Bedrock service cannot stream language-model replies.');
			const result = await service.converseParts(request, { signal: controller.signal, onEvent });
			if (!controller.signal.aborted) {
				const end = gate.end(result.stopReason);
				if (end.kind === 'blocked') throw vscode.LanguageModelError.Blocked(end.message);
				reportText(end.text);
			}
		} catch (e) {
			if (e instanceof vscode.LanguageModelError) throw e;
			if (token.isCancellationRequested || isCancellation(e)) throw new vscode.CancellationError();
			// Text held back for a guardrail stays with the reply it belongs to.
			reportText(gate.release());
			throw toLanguageModelError(e);
		} finally {
			cancel.dispose();
		}
		if (token.isCancellationRequested) throw new vscode.CancellationError();
	}

	async provideTokenCount(model: ModelInformation, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
		const plain = typeof text === 'string' ? text : textForCounting(text);
		const images = typeof text === 'string' ? 0 : toLmMessages([text])[0]?.parts.filter((p) => p.kind === 'image').length ?? 0;
		const target = await this.resolve(model).catch(() => undefined);
		if (!target) return estimateTokens(plain, images);
		const counter = await this.counterFor();
		// CountTokens takes foundation-model ids only: a profile is counted as its base model (`version`).
		return (await (counter?.tokens(target.version || target.id, plain) ?? Promise.resolve(estimateTokens(plain)))) + estimateTokens('', images);
	}

	/** The CountTokens cache for the current connection (a new sign-in starts afresh). */
	async counterFor(): Promise<TokenCounter | undefined> {
		const connection = await this.connection();
		if (!connection) return undefined;
		if (this.counter?.connection !== connection) {
			const service = this.deps.services.serviceFor(connection);
			const count = async (modelId: string, text: string) => {
				const loaded = await service;
				if (!loaded.countPartsTokens) throw Object.assign(new Error('CountTokens unavailable'), { code: 'Validation' });
				return loaded.countPartsTokens({ modelId, messages: [{ role: 'user', parts: [{ kind: 'text', text }] }] });
			};
			this.counter = { connection, counter: new TokenCounter(count) };
		}
		return this.counter.counter;
	}
}
