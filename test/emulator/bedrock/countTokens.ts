// CountTokens (`POST /model/{modelId}/count-tokens`): the same deterministic count Converse
// reports as usage.inputTokens, for foundation models that offer it; Bedrock refuses
// inference profiles and other models with "The provided model doesn't support counting tokens."
import { type EmulatorRequest, parseJsonObject } from '../http';
import { restJsonError, restJsonResult } from '../protocols';
import type { ConverseMessage } from '../replies';
import type { CallContext, EmulatedService, RoutedCall } from '../service';
import { authenticateBedrock, bedrockFailed, bedrockThrottled, bedrockValidation } from '../services/bedrockAuth';
import { base64Bytes, isObject } from './contentBlocks';
import { featuresOf } from './modelFeatures';
import { countInputTokens } from './tokenCount';

const UNSUPPORTED = "The provided model doesn't support counting tokens.";
const COUNT_MAXIMUM = 200_000;

/** Tokens of an InvokeModel body: the text of its messages/prompt, as words. */
function invokeModelTokens(body: unknown): number | undefined {
	const bytes = base64Bytes(body);
	if (!bytes) {
		return undefined;
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(bytes.toString('utf8'));
	} catch {
		return undefined;
	}
	if (!isObject(parsed)) {
		return undefined;
	}
	const messages = Array.isArray(parsed.messages)
		? (parsed.messages as ConverseMessage[]).map((message) => ({
				...message,
				content: typeof message.content === 'string' ? [{ text: message.content }] : message.content,
			}))
		: [];
	const system = typeof parsed.system === 'string' ? [{ text: parsed.system }] : parsed.system;
	const prompt = typeof parsed.prompt === 'string' ? [{ role: 'user', content: [{ text: parsed.prompt }] }] : [];
	return countInputTokens(system, [...messages, ...prompt]);
}

export const countTokensService: EmulatedService = {
	route(request: EmulatorRequest): RoutedCall | undefined {
		const match = request.method === 'POST' ? /^\/model\/([^/]+)\/count-tokens$/.exec(request.rawPath) : null;
		if (!match) {
			return undefined;
		}
		const modelId = decodeURIComponent(match[1]);
		const params = parseJsonObject(request.body);
		return {
			operation: 'bedrock:CountTokens',
			params: { modelId, ...params },
			async handle(context: CallContext) {
				const refused = await authenticateBedrock(context, request);
				if (refused) {
					return refused;
				}
				const resolution = context.state.catalog.resolve(modelId);
				if (resolution.kind === 'unknown') {
					return bedrockValidation('The provided model identifier is invalid.');
				}
				if (!resolution.direct || !featuresOf(resolution.model).countTokens) {
					return bedrockValidation(UNSUPPORTED);
				}
				if (!resolution.model.accessGranted) {
					return restJsonError(403, 'AccessDeniedException', { message: "You don't have access to the model with the specified model ID." });
				}
				const input = isObject(params?.input) ? params.input : undefined;
				if (input && isObject(input.converse)) {
					const converse = input.converse;
					const messages = Array.isArray(converse.messages) ? (converse.messages as ConverseMessage[]) : [];
					const inputTokens = countInputTokens(converse.system, messages, converse.toolConfig);
					// CountTokens caps at 200,000 whatever the model's window (botocore #3707), or at the test's window.
					const maximum = context.state.replies.contextWindow ?? COUNT_MAXIMUM;
					if (inputTokens > maximum) {
						return bedrockValidation(`prompt is too long: ${inputTokens} tokens > ${maximum} maximum`);
					}
					return restJsonResult({ inputTokens });
				}
				const invoked = input && isObject(input.invokeModel) ? invokeModelTokens(input.invokeModel.body) : undefined;
				if (invoked !== undefined) {
					return restJsonResult({ inputTokens: invoked });
				}
				return bedrockValidation("1 validation error detected: Value null at 'input' failed to satisfy constraint: Member must not be null");
			},
		};
	},
	throttled: bedrockThrottled,
	failed: bedrockFailed,
};
