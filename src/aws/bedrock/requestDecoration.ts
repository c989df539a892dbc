// The Bedrock features a plain Converse input gets on top of its messages: reasoning fields (with
// the room and temperature the family needs while it reasons), cache points and the enterprise
// controls (guardrail, service tier, latency). Pure, and the one place both chat paths use: the
// panel's turns (converseInput.ts) and the Chat view's parts (bedrockService `converseParts`).
import type { ConverseStreamCommandInput } from '@aws-sdk/client-bedrock-runtime';
import type { ConverseRequest } from './bedrockTypes';
import { controlFields } from './enterpriseControls';
import type { ModelFamily } from './modelFamily';
import { withCachePoints } from './promptCaching';
import { reasoningFields } from './reasoningRequest';

/** The chat settings that shape a request beyond its messages. */
export type RequestControls = Pick<ConverseRequest, 'reasoning' | 'promptCaching' | 'serviceTier' | 'performance' | 'guardrail'>;

export interface RequestFeatures {
	family: ModelFamily;
	/** False once the model refused cache points (remembered by the service) or the setting is off. */
	caching: boolean;
}

/** A copy of `plain` with the features added; throws for a malformed guardrail (nothing is sent). */
export function decorateConverseInput(plain: ConverseStreamCommandInput, controls: RequestControls, features: RequestFeatures): ConverseStreamCommandInput {
	const reasoning = reasoningFields(controls.reasoning ?? 'off', features.family.reasoning);
	const inferenceConfig = { ...plain.inferenceConfig };
	if (reasoning && inferenceConfig.maxTokens !== undefined) inferenceConfig.maxTokens += reasoning.extraMaxTokens;
	if (reasoning?.omitTemperature) delete inferenceConfig.temperature;
	const cached = features.caching && features.family.promptCaching ? withCachePoints({ system: plain.system, messages: plain.messages ?? [] }) : undefined;
	const { inferenceConfig: _plainInference, ...rest } = plain;
	return {
		...rest,
		...(Object.keys(inferenceConfig).length > 0 ? { inferenceConfig } : {}),
		...controlFields(controls),
		...(cached ? { messages: cached.messages, ...(cached.system ? { system: cached.system } : {}) } : {}),
		...(reasoning ? { additionalModelRequestFields: { ...reasoning.fields } } : {}),
	};
}
