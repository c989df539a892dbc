// The complete ConverseStream input for a chat request and the model's family: history (with
// signed reasoning sent back), system prompt, inference settings, reasoning fields, cache
// points and the enterprise controls (guardrail, service tier, latency). Pure, so every chat surface builds requests the same way.
import type { ConverseStreamCommandInput } from '@aws-sdk/client-bedrock-runtime';
import type { ConverseRequest } from './bedrockTypes';
import { toConverseStreamInput } from './conversation';
import { controlFields } from './enterpriseControls';
import type { ModelFamily } from './modelFamily';
import { withCachePoints } from './promptCaching';
import { reasoningFields } from './reasoningRequest';

export interface RequestFeatures {
	family: ModelFamily;
	/** False once the model refused cache points (remembered by the service) or the setting is off. */
	caching: boolean;
}

export function buildConverseInput(request: ConverseRequest, features: RequestFeatures): ConverseStreamCommandInput {
	const reasoning = reasoningFields(request.reasoning ?? 'off', features.family.reasoning);
	const sendReasoning = features.family.reasoning !== 'none' && features.family.reasoning !== 'always';
	const plain = toConverseStreamInput(
		{
			...request,
			...(reasoning && request.maxTokens !== undefined ? { maxTokens: request.maxTokens + reasoning.extraMaxTokens } : {}),
			...(reasoning?.omitTemperature ? { temperature: undefined } : {}),
		},
		{ sendReasoning },
	);
	const cached = features.caching && features.family.promptCaching ? withCachePoints({ system: plain.system, messages: plain.messages ?? [] }) : undefined;
	return {
		...plain,
		...controlFields(request),
		...(cached ? { messages: cached.messages, ...(cached.system ? { system: cached.system } : {}) } : {}),
		...(reasoning ? { additionalModelRequestFields: { ...reasoning.fields } } : {}),
	};
}
