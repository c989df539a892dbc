// The chat's Bedrock backend: streams replies with ConverseStream and lists models, refreshing
// credentials once (and retrying) when AWS says they expired, and explaining every failure.

import { ConverseStreamCommand, CountTokensCommand, type ConverseStreamCommandInput, type ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { contextWindowOf, CountCache, estimateTokens } from './contextWindow';
import type { ContextCount } from './contextWindow';
import type { BedrockService, BedrockServiceDeps, ConverseRequest, ConverseResult, ModelCatalogue, StreamEvent, TokenUsage } from './bedrockTypes';
import { BedrockConnectError, isBedrockConnectError, isCancellation } from '../errors';
import { errorName } from '../errorNames';
import type { Clock } from '../ports';
import { authModeOf, BedrockClientCache, type AuthMode } from './clientCache';
import { BaseModelResolver } from './baseModelResolver';
import { buildConverseInput } from './converseInput';
import { decorateConverseInput } from './requestDecoration';
import { ReasoningCollector, ReasoningMemory, toolLoopReasoning } from './toolReasoning';
import { modelFamily, type ModelFamily } from './modelFamily';
import { countCachePoints, isCachingRefusal } from './promptCaching';
import { priceQueryFor, replyCost } from './replyCost';
import { parsePriceOverrides } from './priceTable';
import { refusedGuardrailAdvice, unsupportedControlAdvice } from './enterpriseControls';
import { classifyBedrockError, isExpiredCredentialError, type CallContext } from './errorClassification';
import { retryAfterRefresh } from '../retryAfterRefresh';
import { systemClock } from '../systemClock';
import { listModelCatalogue } from './modelListing';
import { announceThrottledRetries } from './sdkRetryNotice';
import { embeddedStreamError, toStreamEvent } from './streamEvents';
import type { LmConverseOptions, LmConverseRequest, LmStreamEvent } from './lmTypes';
import { toLmConverseInput } from './lmMessages';
import { ToolStreamAssembler } from './toolStream';

/** Maps one stream output to an event (or nothing); made fresh for every attempt. */
type OutputMapper<E extends LmStreamEvent> = (output: ConverseStreamOutput) => E | undefined;

/** Wait before the one retry of a stream the service throttled before any text arrived. */
const STREAM_THROTTLE_RETRY_DELAY_MS = 1_000;

function cancelled(): BedrockConnectError {
	return new BedrockConnectError('Cancelled', 'Stopped.', { action: 'Send the message again to get a reply.' });
}

/** `arn:aws:bedrock:eu-west-1:…` must be called in eu-west-1 whatever the connection's region. */
export function regionForModel(modelId: string, connectionRegion: string): string {
	const match = /^arn:aws[a-z-]*:bedrock:([a-z0-9-]+):/.exec(modelId);
	return match?.[1] ?? connectionRegion;
}

/** What both reply calls settle before sending: where, which model underneath, and its prompt caching. */
interface RequestPlan {
	region: string;
	/** The foundation model behind the id (undefined: not known, or no id). */
	baseModelId: string | undefined;
	family: ModelFamily;
	/**
	 * The first input (with cache points unless caching is off or the model refused them before) and
	 * the one to send after a refusal, which remembers it for this model and region.
	 */
	inputs(inputWith: (caching: boolean) => ConverseStreamCommandInput): { input: ConverseStreamCommandInput; withoutCaching: () => ConverseStreamCommandInput };
}

/** Where a failure happened: before the stream opened (the SDK already retried) or inside it. */
type Phase = 'request' | 'stream';

class StreamFailure extends Error {
	constructor(
		readonly original: unknown,
		readonly phase: Phase,
	) {
		super('stream failure');
	}
}

export interface BedrockServiceOptions extends BedrockServiceDeps {
	/** For tests: how the one throttled-stream retry waits. */
	clock?: Clock;
}

export function createBedrockService(deps: BedrockServiceOptions): BedrockService {
	// `deps.session` is the Connection (the field keeps its old name for callers in src/vscode).
	const { session: connection, logger } = deps;
	const clock = deps.clock ?? systemClock;
	const clients = new BedrockClientCache(connection);
	const authMode: AuthMode = authModeOf(connection);
	const baseModels = new BaseModelResolver((region) => clients.control(region), logger);
	/** Models (per region) that refused cache points: later requests go without. */
	const cachingRefused = new Set<string>();
	let disposed = false;

	/** Forces one credential refresh after AWS rejected the keys; a SignInRequired from the connection passes through. */
	async function refreshCredentials(): Promise<void> {
		try {
			await connection.credentials({ forceRefresh: true });
		} catch (e) {
			if (isBedrockConnectError(e)) throw e;
			throw new BedrockConnectError('SignInRequired', 'Your AWS credentials expired and could not be refreshed.', {
				action: 'Sign in again, then retry.',
				cause: e,
			});
		}
	}

	async function streamOnce<E extends LmStreamEvent>(
		input: ConverseStreamCommandInput,
		region: string,
		signal: AbortSignal,
		deliver: (event: E | StreamEvent) => void,
		mapOutput: OutputMapper<E>,
	): Promise<ConverseResult> {
		let stream;
		try {
			const command = new ConverseStreamCommand(input);
			announceThrottledRetries(command, (attempt) => deliver({ type: 'retrying', reason: 'throttled', attempt }));
			const response = await clients.runtime(region).send(command, { abortSignal: signal });
			stream = response.stream;
		} catch (e) {
			throw new StreamFailure(e, 'request');
		}
		if (!stream) throw new StreamFailure(new Error('Bedrock answered without a stream.'), 'request');
		let stopReason: string | undefined;
		let usage: TokenUsage | undefined;
		try {
			for await (const output of stream) {
				if (signal.aborted) break;
				const event = mapOutput(output);
				if (event) {
					if (event.type === 'stop') stopReason = event.stopReason;
					else if (event.type === 'usage') usage = event.usage;
					deliver(event);
					continue;
				}
				const embedded = embeddedStreamError(output);
				if (embedded) throw embedded;
			}
		} catch (e) {
			throw new StreamFailure(e, 'stream');
		}
		// Aborting closes the HTTP/2 stream, which can end the iterator without an error.
		if (signal.aborted) throw cancelled();
		if (stopReason === undefined) {
			throw new StreamFailure(
				Object.assign(new Error('The reply stream ended before Bedrock marked the reply complete.'), { name: 'InternalServerException' }),
				'stream',
			);
		}
		return usage ? { stopReason, usage } : { stopReason };
	}

	function ensureOpen(signal: AbortSignal): void {
		if (disposed) throw new BedrockConnectError('Unknown', 'The Bedrock service was closed.', { action: 'Open the chat again.' });
		if (signal.aborted) throw cancelled();
	}

	/** The panel's and the Chat view's common start of a reply; a blank id (the panel's) has no base model. */
	async function planRequest(modelId: string, promptCaching: boolean | undefined, signal: AbortSignal): Promise<RequestPlan> {
		ensureOpen(signal);
		const region = regionForModel(modelId, connection.region);
		const refusalKey = `${region} ${modelId}`;
		const baseModelId = modelId ? await baseModels.resolve(modelId, region, signal) : undefined;
		return {
			region,
			baseModelId,
			family: modelFamily(baseModelId),
			inputs: (inputWith) => ({
				input: inputWith(promptCaching !== false && !cachingRefused.has(refusalKey)),
				withoutCaching: () => {
					cachingRefused.add(refusalKey);
					return inputWith(false);
				},
			}),
		};
	}

	async function converseStream(
		request: ConverseRequest,
		options: { signal: AbortSignal; onEvent: (event: StreamEvent) => void },
	): Promise<ConverseResult> {
		const { signal, onEvent } = options;
		const { region, baseModelId, family, inputs } = await planRequest(request.modelId.trim(), request.promptCaching, signal);
		const inputWith = (caching: boolean) => buildConverseInput(request, { family, caching });
		const priceQuery = priceQueryFor(request, baseModelId, region);
		const prices = parsePriceOverrides(request.prices);
		for (const problem of prices.problems) {
			logger.warn(problem);
			onEvent({ type: 'settingsProblem', message: problem });
		}
		const result = await runStream<StreamEvent>({
			...inputs(inputWith),
			region,
			newMapper: () => toStreamEvent,
			signal,
			onEvent: (event) => onEvent(event.type === 'usage' ? { ...event, cost: replyCost(event.usage, priceQuery, prices.overrides) } : event),
		});
		return result.usage ? { ...result, cost: replyCost(result.usage, priceQuery, prices.overrides) } : result;
	}

	/** Tool-loop reasoning of the Chat view's replies (VS Code's messages cannot hold it). */
	const toolReasoning = new ReasoningMemory();

	/**
	 * The language-model provider's call: parts, tools and tool calls, with the panel's features
	 * (decorateConverseInput) and the same refresh, caching-refusal and retry rules.
	 */
	async function converseParts(request: LmConverseRequest, options: LmConverseOptions): Promise<ConverseResult> {
		// Closed or cancelled wins over an invalid request, as before the request is read.
		ensureOpen(options.signal);
		const { input: plain, toolNames } = toLmConverseInput(request);
		const modelId = plain.modelId ?? '';
		const { region, baseModelId, family, inputs } = await planRequest(modelId, request.promptCaching, options.signal);
		const memoryKey = baseModelId ?? modelId;
		const reasoning = toolLoopReasoning(plain, { level: request.reasoning ?? 'off', family, model: memoryKey, memory: toolReasoning });
		if (reasoning.leftOff) logger.info(`Sending the Chat view's request to ${modelId} without reasoning: ${reasoning.leftOff}.`);
		const controls = { ...request, reasoning: reasoning.level };
		const inputWith = (caching: boolean) => decorateConverseInput(reasoning.input, controls, { family, caching });
		const collected = new ReasoningCollector();
		const callIds: string[] = [];
		const result = await runStream<LmStreamEvent>({
			...inputs(inputWith),
			region,
			newMapper: () => {
				const assembler = new ToolStreamAssembler(toolNames);
				return (output) => assembler.map(output);
			},
			signal: options.signal,
			onEvent: (event) => {
				if (event.type === 'reasoning') collected.add(event);
				else if (event.type === 'toolCall') callIds.push(event.callId);
				options.onEvent(event);
			},
		});
		if (reasoning.level !== 'off') toolReasoning.remember(memoryKey, callIds, collected.parts());
		const usage = result.usage;
		logger.debug(
			`Bedrock Chat-view reply from ${modelId}: ${result.stopReason}` +
				(usage ? `, ${usage.inputTokens} in / ${usage.outputTokens} out, cache read ${usage.cacheReadInputTokens ?? 0} / written ${usage.cacheWriteInputTokens ?? 0}` : ''),
		);
		return result;
	}

	/**
	 * One reply, whoever asked: refreshes the credentials once after an expired-token error, drops
	 * cache points once when the model refuses them (`withoutCaching`), retries a throttled stream
	 * once, and explains every other failure — each only while nothing was shown yet.
	 */
	async function runStream<E extends LmStreamEvent>(plan: {
		input: ConverseStreamCommandInput;
		region: string;
		newMapper: () => OutputMapper<E>;
		signal: AbortSignal;
		onEvent: (event: E | StreamEvent) => void;
		/** The request without cache points, after the model refused them (and remembering that). */
		withoutCaching?: () => ConverseStreamCommandInput;
	}): Promise<ConverseResult> {
		const { region, signal, onEvent } = plan;
		let input = plan.input;
		const ctx: CallContext = { modelId: input.modelId, region, operation: 'streaming a reply', authMode, network: clients.networkSettings() };
		let textDelivered = false;
		const deliver = (event: E | StreamEvent) => {
			// Reasoning and tool calls are output too: a retry after them would repeat them (the caller may already run the tool).
			if (event.type === 'text' || event.type === 'reasoning' || event.type === 'toolCall') textDelivered = true;
			onEvent(event);
		};
		let refreshedCredentials = false;
		let retriedThrottle = false;
		let retriedWithoutCaching = false;
		logger.debug(`Bedrock ConverseStream: model ${ctx.modelId} in ${region}, ${input.messages?.length ?? 0} message(s)`);

		for (let attempt = 1; ; attempt++) {
			try {
				return await streamOnce(input, region, signal, deliver, plan.newMapper());
			} catch (failure) {
				const original = failure instanceof StreamFailure ? failure.original : failure;
				const phase: Phase = failure instanceof StreamFailure ? failure.phase : 'request';
				if (signal.aborted || isCancellation(original)) throw cancelled();
				if (!textDelivered && !refreshedCredentials && authMode === 'sigv4' && isExpiredCredentialError(original)) {
					refreshedCredentials = true;
					logger.info(`Bedrock rejected the credentials (${nameOf(original)}); refreshing them once and retrying.`);
					await refreshCredentials();
					onEvent({ type: 'retrying', reason: 'credentialsRefreshed', attempt: attempt + 1 });
					continue;
				}
				// A model that does not take cache points says so before any text: send once more without, and remember.
				if (
					plan.withoutCaching &&
					!textDelivered &&
					!retriedWithoutCaching &&
					isCachingRefusal(original) &&
					countCachePoints({ system: input.system, messages: input.messages ?? [] }) > 0
				) {
					retriedWithoutCaching = true;
					logger.info(`Bedrock refused prompt caching for ${ctx.modelId}; sending again without cache points (remembered for this model).`);
					onEvent({ type: 'cachingRefused' });
					input = plan.withoutCaching();
					continue;
				}
				let error = classifyBedrockError(original, ctx);
				const serviceMessage = (original as Error)?.message ?? '';
				const advice = error.code === 'Validation' ? (unsupportedControlAdvice(input, ctx.modelId, serviceMessage) ?? refusedGuardrailAdvice(input, serviceMessage)) : undefined;
				if (advice) {
					error = new BedrockConnectError('Validation', `${advice.message} (${error.message})`, { action: advice.action, cause: original });
				}
				// Throttling that arrives inside the stream bypasses the SDK's retries; if nothing
				// was shown yet, one patient retry usually gets through.
				if (!textDelivered && !retriedThrottle && phase === 'stream' && error.code === 'Throttled') {
					retriedThrottle = true;
					const delayMs = STREAM_THROTTLE_RETRY_DELAY_MS;
					logger.info(`Bedrock throttled the stream for ${ctx.modelId}; retrying once in ${delayMs} ms.`);
					onEvent({ type: 'retrying', reason: 'throttled', attempt: attempt + 1, delayMs });
					await clock.sleep(delayMs, signal).catch((e: unknown) => {
						throw isCancellation(e) ? cancelled() : e;
					});
					continue;
				}
				logger.warn(`Bedrock ConverseStream failed: ${error.code}: ${error.message}${textDelivered ? ' (after partial output)' : ''}`);
				throw error;
			}
		}
	}

	async function listModels(signal?: AbortSignal): Promise<ModelCatalogue> {
		if (disposed) throw new BedrockConnectError('Unknown', 'The Bedrock service was closed.', { action: 'Open the chat again.' });
		const region = connection.region;
		const ctx: CallContext = { region, operation: 'listing models', authMode, network: clients.networkSettings() };
		const list = () => listModelCatalogue(clients.control(region), region, signal);
		let refreshFailed = false;
		try {
			return await retryAfterRefresh({
				call: list,
				isStale: (e) => !signal?.aborted && !isCancellation(e) && authMode === 'sigv4' && isExpiredCredentialError(e),
				refresh: async (e) => {
					logger.info(`Bedrock rejected the credentials while listing models (${nameOf(e)}); refreshing them once and retrying.`);
					refreshFailed = true;
					await refreshCredentials();
					refreshFailed = false;
				},
			});
		} catch (e) {
			// A failed refresh already says what to do (sign in again): it passes through as is.
			if (refreshFailed) throw e;
			if (signal?.aborted || isCancellation(e)) throw cancelled();
			throw classifyBedrockError(e, ctx);
		}
	}

	const counts = new CountCache();
	/** Models (per region) that answered CountTokens with a refusal: estimated from then on. */
	const cannotCount = new Set<string>();

	async function countTokens(request: ConverseRequest, signal?: AbortSignal): Promise<ContextCount> {
		const modelId = request.modelId.trim();
		const region = regionForModel(modelId, connection.region);
		const abort = signal ?? new AbortController().signal;
		const baseModelId = modelId ? await baseModels.resolve(modelId, region, abort) : undefined;
		const contextWindow = contextWindowOf(baseModelId);
		// No cache points and no reasoning fields: CountTokens counts what the model reads.
		const input = buildConverseInput({ ...request, promptCaching: false, reasoning: 'off' }, { family: modelFamily(baseModelId), caching: false });
		const key = JSON.stringify([region, baseModelId ?? modelId, input.system, input.messages]);
		const cached = counts.get(key);
		if (cached) return cached;
		const estimate = (): ContextCount => ({ inputTokens: estimateTokens(key.length), ...(contextWindow ? { contextWindow } : {}), estimated: true });
		let count: ContextCount;
		if (!baseModelId || cannotCount.has(`${region} ${baseModelId}`)) {
			count = estimate();
		} else {
			try {
				const response = await clients.runtime(region).send(
					new CountTokensCommand({ modelId: baseModelId, input: { converse: { messages: input.messages, ...(input.system ? { system: input.system } : {}) } } }),
					{ abortSignal: abort },
				);
				count = { inputTokens: response.inputTokens ?? 0, ...(contextWindow ? { contextWindow } : {}), estimated: false };
			} catch (e) {
				if (abort.aborted || isCancellation(e)) throw cancelled();
				if (errorName(e) === 'ValidationException') cannotCount.add(`${region} ${baseModelId}`);
				logger.debug(`CountTokens unavailable for ${baseModelId} (${nameOf(e)}); estimating.`);
				count = estimate();
			}
		}
		counts.set(key, count);
		return count;
	}

	/** Bedrock CountTokens for a request as the provider would send it. */
	async function countPartsTokens(request: LmConverseRequest, signal?: AbortSignal): Promise<number> {
		if (disposed) throw new BedrockConnectError('Unknown', 'The Bedrock service was closed.', { action: 'Open the chat again.' });
		const { input } = toLmConverseInput(request);
		const modelId = input.modelId ?? request.modelId;
		const region = regionForModel(modelId, connection.region);
		const ctx: CallContext = { modelId, region, operation: 'counting tokens', authMode, network: clients.networkSettings() };
		const count = async () => {
			const command = new CountTokensCommand({
				modelId,
				input: { converse: { messages: input.messages, ...(input.system ? { system: input.system } : {}), ...(input.toolConfig ? { toolConfig: input.toolConfig } : {}) } },
			});
			const response = await clients.runtime(region).send(command, { abortSignal: signal });
			return response.inputTokens ?? 0;
		};
		try {
			return await retryAfterRefresh({
				call: count,
				isStale: (e) => !signal?.aborted && !isCancellation(e) && authMode === 'sigv4' && isExpiredCredentialError(e),
				refresh: () => refreshCredentials(),
			});
		} catch (e) {
			if (signal?.aborted || isCancellation(e)) throw cancelled();
			throw classifyBedrockError(e, ctx);
		}
	}

	return {
		converseStream,
		converseParts,
		countTokens,
		countPartsTokens,
		listModels,
		dispose() {
			disposed = true;
			clients.dispose();
		},
	};
}

function nameOf(e: unknown): string {
	return errorName(e) || 'error';
}
