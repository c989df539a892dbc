// Bedrock Runtime: Converse and ConverseStream with model-access rules, request validation,
// computed usage, event-stream replies, and the mid-stream faults tests arm.
import type { FoundationModel } from '../catalog';
import { eventFrame, exceptionFrame } from '../eventStream';
import { type EmulatorRequest, type Reply, type StreamSink, parseJsonObject } from '../http';
import { restJsonError, restJsonResult } from '../protocols';
import { type ChosenReply, type ConverseMessage, chunkText, inputTokens, lastUserText, nextReply, requeue } from '../replies';
import type { CallContext, EmulatedService, RoutedCall } from '../service';
import type { StreamFault } from '../faults';
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

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

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

interface PlannedReply {
	reply: ChosenReply;
	deltas: string[];
	stopReason: 'end_turn' | 'max_tokens';
	inputTokens: number;
}

function planReply(state: EmulatorState, params: Params, messages: ConverseMessage[]): PlannedReply {
	const reply = nextReply(state.replies, lastUserText(messages));
	let deltas = chunkText(reply.text, state.replies.chunkChars);
	const maxTokens = (params.inferenceConfig as { maxTokens?: unknown } | undefined)?.maxTokens;
	let stopReason: PlannedReply['stopReason'] = 'end_turn';
	if (typeof maxTokens === 'number' && maxTokens > 0 && deltas.length > maxTokens) {
		deltas = deltas.slice(0, maxTokens);
		stopReason = 'max_tokens';
	}
	return { reply, deltas, stopReason, inputTokens: inputTokens(params.system, messages) };
}

function usage(plan: PlannedReply) {
	return { inputTokens: plan.inputTokens, outputTokens: plan.deltas.length, totalTokens: plan.inputTokens + plan.deltas.length };
}

function converse(plan: PlannedReply, startedAt: number): Reply {
	return restJsonResult({
		output: { message: { role: 'assistant', content: [{ text: plan.deltas.join('') }] } },
		stopReason: plan.stopReason,
		usage: usage(plan),
		metrics: { latencyMs: Math.max(1, Date.now() - startedAt) },
	});
}

function converseStream(state: EmulatorState, plan: PlannedReply, fault: StreamFault | undefined, startedAt: number): Reply {
	const breakAt = fault ? Math.min(fault.afterDeltas, plan.deltas.length) : -1;
	const breakOff = async (sink: StreamSink, applied: StreamFault) => {
		requeue(state.replies, plan.reply);
		if (applied.kind === 'reset') {
			sink.destroy();
		} else {
			await sink.write(exceptionFrame(applied.type, STREAM_EXCEPTIONS[applied.type]));
		}
	};
	return {
		status: 200,
		headers: { 'content-type': 'application/vnd.amazon.eventstream' },
		async stream(sink) {
			await sink.write(eventFrame('messageStart', { role: 'assistant' }));
			for (let index = 0; index < plan.deltas.length; index++) {
				if (fault && index === breakAt) {
					return breakOff(sink, fault);
				}
				if (sink.closed) {
					return; // the client went away (abort): stop like Bedrock does
				}
				if (state.replies.delayMs > 0 && index > 0) {
					await sleep(state.replies.delayMs);
				}
				await sink.write(eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: plan.deltas[index] } }));
			}
			if (fault) {
				return breakOff(sink, fault);
			}
			await sink.write(eventFrame('contentBlockStop', { contentBlockIndex: 0 }));
			await sink.write(eventFrame('messageStop', { stopReason: plan.stopReason }));
			await sink.write(eventFrame('metadata', { usage: usage(plan), metrics: { latencyMs: Math.max(1, Date.now() - startedAt) } }));
		},
	};
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
				const plan = planReply(context.state, params, messages);
				return streaming ? converseStream(context.state, plan, context.state.faults.takeStreamFault(operation), startedAt) : converse(plan, startedAt);
			},
		};
	},
	throttled: bedrockThrottled,
	failed: bedrockFailed,
};
