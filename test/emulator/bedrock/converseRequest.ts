// Everything a Converse request asks for beyond plain text, read and checked in the order
// Bedrock checks it: tools, reasoning, images; each refusal as Bedrock words it.
import type { FoundationModel } from '../catalog';
import type { Reply } from '../http';
import type { ConverseMessage } from '../replies';
import { checkImages } from './images';
import { type ModelFeatures, featuresOf } from './modelFeatures';
import { type ReasoningRequest, checkReasoningHistory, readReasoning } from './reasoning';
import { type ToolConfig, checkToolTurns, readToolConfig } from './toolUse';

export interface ConverseRequest {
	model: FoundationModel;
	features: ModelFeatures;
	params: Record<string, unknown>;
	messages: ConverseMessage[];
	tools?: ToolConfig;
	reasoning?: ReasoningRequest;
}

export function isReply(value: unknown): value is Reply {
	return value !== null && typeof value === 'object' && 'status' in value && 'headers' in value;
}

export function readConverseRequest(model: FoundationModel, params: Record<string, unknown>, messages: ConverseMessage[]): ConverseRequest | Reply {
	const features = featuresOf(model);
	const tools = readToolConfig(params, features.toolUse);
	if (isReply(tools)) {
		return tools;
	}
	const turns = checkToolTurns(messages, tools) ?? checkImages(messages, model);
	if (turns) {
		return turns;
	}
	const reasoning = readReasoning(params, features, model.providerName, tools);
	if (isReply(reasoning)) {
		return reasoning;
	}
	const history = reasoning ? checkReasoningHistory(messages) : undefined;
	if (history) {
		return history;
	}
	return { model, features, params, messages, tools, reasoning };
}


