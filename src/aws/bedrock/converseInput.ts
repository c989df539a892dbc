// The complete ConverseStream input for a chat request and the model's family: history (with
// signed reasoning sent back), system prompt and inference settings, then the features every
// chat surface adds the same way (requestDecoration.ts). Pure.
import type { ConverseStreamCommandInput } from '@aws-sdk/client-bedrock-runtime';
import type { ConverseRequest } from './bedrockTypes';
import { toConverseStreamInput } from './conversation';
import { decorateConverseInput, type RequestFeatures } from './requestDecoration';

export type { RequestFeatures } from './requestDecoration';

export function buildConverseInput(request: ConverseRequest, features: RequestFeatures): ConverseStreamCommandInput {
	const sendReasoning = features.family.reasoning !== 'none' && features.family.reasoning !== 'always';
	return decorateConverseInput(toConverseStreamInput(request, { sendReasoning }), request, features);
}
