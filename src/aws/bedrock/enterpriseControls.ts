// The enterprise controls of a chat request as Converse fields: a guardrail (with its trace,
// so an intervention can be shown as one), a service tier and latency-optimized inference;
// and the words for a model that refuses one of them. Pure. Values come from settings JSON,
// so they are checked here: a malformed guardrail must stop the send, not be dropped.
import type { ConverseStreamCommandInput } from '@aws-sdk/client-bedrock-runtime';
import type { ConverseRequest } from './bedrockTypes';
import { BedrockConnectError } from '../errors';

const GUARDRAIL_ID = /^(?:arn:aws[a-z-]*:bedrock:[a-z0-9-]+:\d{12}:guardrail\/)?[a-z0-9]{1,64}$/;
const GUARDRAIL_VERSION = /^(?:DRAFT|[1-9]\d{0,7})$/;

export type ControlFields = Pick<ConverseStreamCommandInput, 'guardrailConfig' | 'serviceTier' | 'performanceConfig'>;

export function controlFields(request: Pick<ConverseRequest, 'guardrail' | 'serviceTier' | 'performance'>): ControlFields {
	const fields: ControlFields = {};
	const guardrail = request.guardrail as { identifier?: unknown; version?: unknown } | undefined;
	if (guardrail !== undefined) {
		const identifier = typeof guardrail.identifier === 'string' ? guardrail.identifier.trim() : '';
		const version = typeof guardrail.version === 'string' ? guardrail.version.trim() : typeof guardrail.version === 'number' ? String(guardrail.version) : '';
		if (!GUARDRAIL_ID.test(identifier) || !GUARDRAIL_VERSION.test(version)) {
			throw new BedrockConnectError('Validation', 'The guardrail in bedrockConnect.chat.guardrail is not valid, so nothing was sent.', {
				action: 'Set "identifier" to the guardrail id or ARN and "version" to "DRAFT" or a version number, or remove the setting.',
			});
		}
		fields.guardrailConfig = { guardrailIdentifier: identifier, guardrailVersion: version, trace: 'enabled' };
	}
	if (request.serviceTier && request.serviceTier !== 'default') fields.serviceTier = { type: request.serviceTier };
	if (request.performance === 'optimized') fields.performanceConfig = { latency: 'optimized' };
	return fields;
}

/**
 * A ValidationException about the service tier or latency, for a request that asked for one,
 * means this model (or region) does not offer it: say which setting to change. Undefined
 * otherwise (a guardrail or prompt error keeps its own words).
 */
export function unsupportedControlAdvice(input: ControlFields, modelId: string | undefined, serviceMessage = 'service tier'): { message: string; action: string } | undefined {
	if (!/tier|latency|reservation/i.test(serviceMessage)) return undefined;
	const asked = [
		input.serviceTier?.type ? `the ${input.serviceTier.type} service tier (bedrockConnect.chat.serviceTier)` : '',
		input.performanceConfig?.latency === 'optimized' ? 'latency-optimized inference (bedrockConnect.chat.performance)' : '',
	].filter(Boolean);
	if (asked.length === 0) return undefined;
	return {
		message: `Bedrock refused ${asked.join(' with ')} for ${modelId ?? 'this model'}: not every model offers them, and latency-optimized inference only in some regions.`,
		action: 'Set bedrockConnect.chat.serviceTier to "default" and bedrockConnect.chat.performance to "standard", or choose a model that offers them.',
	};
}

/**
 * A ValidationException about the guardrail, for a request that named one, means the id or version
 * in the setting is not one this account may use here: say which setting to check. Undefined otherwise.
 */
export function refusedGuardrailAdvice(input: ControlFields, serviceMessage = ''): { message: string; action: string } | undefined {
	const guardrail = input.guardrailConfig;
	if (!guardrail || !/guardrail/i.test(serviceMessage)) return undefined;
	return {
		message: `Bedrock refused the guardrail ${guardrail.guardrailIdentifier} (version ${guardrail.guardrailVersion}) set in bedrockConnect.chat.guardrail, so nothing was answered.`,
		action: 'Check the identifier and version in bedrockConnect.chat.guardrail (a published version number or "DRAFT", in this region and account), or remove the setting.',
	};
}
