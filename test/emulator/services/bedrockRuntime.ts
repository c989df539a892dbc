// Bedrock Runtime: Converse and ConverseStream with model-access rules, request validation,
// computed usage, event-stream replies, and the mid-stream faults tests arm. What goes beyond
// plain text (tools, images, reasoning, …) lives in ../bedrock/.
import type { FoundationModel } from '../catalog';
import { isReply, readConverseRequest } from '../bedrock/converseRequest';
import { planReply } from '../bedrock/planReply';
import { converseBody, converseStreamBody } from '../bedrock/replyWire';
import { type EmulatorRequest, type Reply, parseJsonObject } from '../http';
import { restJsonError } from '../protocols';
import { type ConverseMessage, requeue } from '../replies';
import type { CallContext, EmulatedService, RoutedCall } from '../service';
import type { EmulatorState } from '../state';
import type { StreamExceptionType } from '../types';
import { authenticateBedrock, bedrockFailed, bedrockThrottled, bedrockValidation } from './bedrockAuth';

type Params = Record<string, unknown>;

const STREAM_EXCEPTIONS: Record<StreamExceptionType, Record<string, unknown>> = {
	throttlingException: { message: 'Too many tokens, please wait before trying again.' },
	modelStreamErrorException: { message: 'The model stream was interrupted.', originalStatusCode: 500, originalMessage: 'Internal model error' },
	validationException: { message: 'The model returned the following errors: Input is too long for requested model.' },
	internalServerException: { message: 'The server encountered an internal error while processing the request.' },
	serviceUnavailableException: { message: 'Bedrock is unable to process your request.' },
};

/** The model the id names, or the error AWS gives for it. */
function checkModel(state: EmulatorState, modelId: string): FoundationModel | Reply {
	const resolution = state.catalog.resolve(modelId);
	if (resolution.kind === 'unknown') {
		return bedrockValidation('The provided model identifier is invalid.');
	}
	const { model, direct } = resolution;
	if (!model.accessGranted) {
		return restJsonError(403, 'AccessDeniedException', { message: "You don't have access to the model with the specified model ID." });
	}
	if (direct && !model.inferenceTypesSupported.includes('ON_DEMAND')) {
		// AWS writes "isn’t" with a typographic apostrophe; clients match on it.
		return bedrockValidation(
			`Invocation of model ID ${model.modelId} with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
		);
	}
	if (!model.outputModalities.includes('TEXT')) {
		return bedrockValidation("This action doesn't support the model that you provided. Try again with a supported text or chat model.");
	}
	return model;
}

/** The conversation rules Converse enforces before any model runs. */
function checkMessages(params: Params): ConverseMessage[] | Reply {
	const messages = params.messages;
	if (!Array.isArray(messages) || messages.length === 0 || (messages[0] as ConverseMessage)?.role !== 'user') {
		return bedrockValidation('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
	}
	for (let i = 0; i < messages.length; i++) {
		if (messages[i] === null || typeof messages[i] !== 'object' || Array.isArray(messages[i])) {
			const value = messages[i] === null ? 'null' : `'${String(messages[i])}'`;
			return bedrockValidation(`1 validation error detected: Value ${value} at 'messages.${i + 1}.member' failed to satisfy constraint: Member must ${messages[i] === null ? 'not be null' : 'be a Message structure'}`);
		}
		const message = messages[i] as ConverseMessage;
		if (i > 0 && message.role === (messages[i - 1] as ConverseMessage).role) {
			return bedrockValidation('A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.');
		}
		if (!Array.isArray(message.content) || message.content.length === 0) {
			return bedrockValidation(`The content field in the Message object at messages.${i} is empty. Add a ContentBlock object to the content field and try again.`);
		}
		for (let j = 0; j < message.content.length; j++) {
			const block = message.content[j] as { text?: unknown };
			if (typeof block?.text === 'string' && block.text.trim().length === 0) {
				return bedrockValidation(`The text field in the ContentBlock object at messages.${i}.content.${j} is blank. Add text to the text field, and try again.`);
			}
		}
	}
	return messages as ConverseMessage[];
}

export const bedrockRuntimeService: EmulatedService = {
	route(request: EmulatorRequest): RoutedCall | undefined {
		const match = request.method === 'POST' ? /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(request.rawPath) : null;
		if (!match) {
			return undefined;
		}
		const streaming = match[2] === 'converse-stream';
		const operation = streaming ? 'bedrock:ConverseStream' : 'bedrock:Converse';
		const modelId = decodeURIComponent(match[1]);
		const params = parseJsonObject(request.body);
		return {
			operation,
			params: { modelId, ...params },
			async handle(context: CallContext) {
				const startedAt = Date.now();
				const refused = await authenticateBedrock(context, request);
				if (refused) {
					return refused;
				}
				if (!params) {
					return bedrockValidation('The request body is not valid JSON.');
				}
				const model = checkModel(context.state, modelId);
				if ('status' in model) {
					return model;
				}
				const messages = checkMessages(params);
				if (!Array.isArray(messages)) {
					return messages;
				}
				const converseRequest = readConverseRequest(context.state, model, params, messages);
				if (isReply(converseRequest)) {
					return converseRequest;
				}
				const { state } = context;
				const plan = planReply(state, converseRequest);
				if (!streaming) {
					return converseBody(plan, startedAt);
				}
				return converseStreamBody(
					plan,
					{
						fault: state.faults.takeStreamFault(operation),
						delayMs: () => state.replies.delayMs,
						onBrokenOff: () => requeue(state.replies, plan.reply),
						exceptionPayload: (type) => STREAM_EXCEPTIONS[type as StreamExceptionType],
					},
					startedAt,
				);
			},
		};
	},
	throttled: bedrockThrottled,
	failed: bedrockFailed,
};
