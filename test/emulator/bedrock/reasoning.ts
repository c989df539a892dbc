// Reasoning ("extended thinking") for models of a reasoning family: the request fields that turn
// it on, the checks Anthropic models make (budget, max tokens, temperature, forced tools), signed
// reasoning blocks, and the signatures a multi-turn request must send back unchanged.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Reply } from '../http';
import type { ConverseMessage } from '../replies';
import { bedrockValidation } from '../services/bedrockAuth';
import { base64Bytes, blocksOf, isObject, kindOf, toolResultsIn } from './contentBlocks';
import type { ModelFeatures } from './modelFeatures';
import type { PlannedBlock } from './replyPlan';
import { chunkText } from '../replies';
import type { ToolConfig } from './toolUse';

/** Signatures verify only against the emulator process that issued them, like Bedrock's. */
const SIGNING_KEY = randomBytes(32);
const MIN_BUDGET = 1024;
const DOCS = 'https://docs.claude.com/en/docs/build-with-claude/extended-thinking';

export interface ReasoningRequest {
	budgetTokens: number;
}

function modelError(detail: string): Reply {
	return bedrockValidation(`The model returned the following errors: ${detail}`);
}

function mac(text: string): Buffer {
	return createHmac('sha256', SIGNING_KEY).update(text, 'utf8').digest();
}

/** A signature in the shape Bedrock's have (long base64), bound to the reasoning text. */
export function signReasoning(text: string): string {
	return Buffer.concat([mac(`reasoning:${text}`), mac(`padding:${text}`)]).toString('base64');
}

function signatureMatches(text: string, signature: string): boolean {
	const expected = Buffer.from(signReasoning(text), 'base64');
	const given = base64Bytes(signature);
	return given !== undefined && given.length === expected.length && timingSafeEqual(given, expected);
}

/** Opaque redacted reasoning: random bytes plus a tag, so tampering shows. */
export function redactedReasoningData(): string {
	const payload = randomBytes(48);
	return Buffer.concat([payload, mac(payload.toString('hex')).subarray(0, 16)]).toString('base64');
}

function redactedMatches(data: unknown): boolean {
	const bytes = base64Bytes(data);
	if (!bytes || bytes.length !== 64) {
		return false;
	}
	return timingSafeEqual(bytes.subarray(48), mac(bytes.subarray(0, 48).toString('hex')).subarray(0, 16));
}

/**
 * Whether the request turns reasoning on (`additionalModelRequestFields.thinking` for the
 * Anthropic family), or the error the model gives for the fields; undefined when it is off.
 */
export function readReasoning(
	params: Record<string, unknown>,
	features: ModelFeatures,
	providerName: string,
	tools: ToolConfig | undefined,
): ReasoningRequest | Reply | undefined {
	const fields = isObject(params.additionalModelRequestFields) ? params.additionalModelRequestFields : {};
	const thinking = fields.thinking;
	if (thinking === undefined) {
		return undefined;
	}
	if (features.reasoning !== 'anthropic') {
		return providerName === 'Anthropic'
			? modelError('thinking: Extra inputs are not permitted')
			: modelError('Malformed input request: extraneous key [thinking] is not permitted, please reformat your input and try again.');
	}
	if (!isObject(thinking) || thinking.type === 'disabled') {
		return undefined;
	}
	if (thinking.type !== 'enabled') {
		return modelError(`thinking: Input tag '${String(thinking.type)}' found using 'type' does not match any of the expected tags: 'disabled', 'enabled'`);
	}
	const budget = thinking.budget_tokens;
	if (typeof budget !== 'number' || !Number.isInteger(budget)) {
		return modelError('thinking.enabled.budget_tokens: Field required');
	}
	if (budget < MIN_BUDGET) {
		return modelError(`thinking.enabled.budget_tokens: Input should be greater than or equal to ${MIN_BUDGET}`);
	}
	const inference = isObject(params.inferenceConfig) ? params.inferenceConfig : {};
	if (typeof inference.maxTokens === 'number' && inference.maxTokens <= budget) {
		return modelError(`\`max_tokens\` must be greater than \`thinking.budget_tokens\`. Please consult our documentation at ${DOCS}#max-tokens-and-context-window-size`);
	}
	if (inference.temperature !== undefined && inference.temperature !== 1) {
		return modelError(`\`temperature\` may only be set to 1 when thinking is enabled. Please consult our documentation at ${DOCS}#important-considerations-when-using-extended-thinking`);
	}
	if (tools && tools.choice !== 'auto') {
		return modelError('Thinking may not be enabled when tool_choice forces tool use.');
	}
	return { budgetTokens: budget };
}

/**
 * With reasoning on, earlier reasoning must come back exactly as issued; and an assistant turn
 * whose tool calls are being answered must start with its reasoning block.
 */
export function checkReasoningHistory(messages: readonly ConverseMessage[]): Reply | undefined {
	for (let i = 0; i < messages.length; i++) {
		if (messages[i].role !== 'assistant') {
			continue;
		}
		const blocks = blocksOf(messages[i]);
		for (let j = 0; j < blocks.length; j++) {
			const reasoning = blocks[j].reasoningContent;
			if (!isObject(reasoning)) {
				continue;
			}
			if (reasoning.redactedContent !== undefined) {
				if (!redactedMatches(reasoning.redactedContent)) {
					return modelError(`messages.${i}.content.${j}: Invalid \`data\` in \`redacted_thinking\` block`);
				}
				continue;
			}
			const text = isObject(reasoning.reasoningText) ? reasoning.reasoningText : {};
			if (typeof text.signature !== 'string' || text.signature.length === 0) {
				return modelError(`messages.${i}.content.${j}.thinking.signature: Field required`);
			}
			if (typeof text.text !== 'string' || !signatureMatches(text.text, text.signature)) {
				return modelError(`messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`);
			}
		}
	}
	const last = messages.length - 1;
	if (last >= 1 && toolResultsIn(messages[last]).length > 0 && messages[last - 1].role === 'assistant') {
		const first = blocksOf(messages[last - 1])[0];
		const kind = first ? kindOf(first) : undefined;
		if (kind !== 'reasoningContent') {
			const found = kind === 'toolUse' ? 'tool_use' : 'text';
			return modelError(
				`messages.${last - 1}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${found}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. Please consult our documentation at ${DOCS}`,
			);
		}
	}
	return undefined;
}

export function defaultReasoning(userText: string): string {
	const topic = userText.trim().length > 0 ? userText.trim() : 'the request';
	return `The user asks: ${topic}\n\nI should answer briefly, check the facts I know, and show an example.`;
}

/** The reasoning blocks that open the reply (none when reasoning is off). */
export function reasoningBlocks(request: ReasoningRequest | undefined, reasoning: string, redacted: boolean, chunkChars: number): PlannedBlock[] {
	if (!request) {
		return [];
	}
	if (redacted) {
		return [{ kind: 'redactedReasoning', data: redactedReasoningData() }];
	}
	const words = reasoning.split(/(\s+)/);
	const withinBudget = words.slice(0, request.budgetTokens * 2).join('');
	return [{ kind: 'reasoning', deltas: chunkText(withinBudget, chunkChars), signature: signReasoning(withinBudget) }];
}
