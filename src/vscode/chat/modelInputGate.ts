// The host's check that the chosen model takes a prompt's images and documents (the page checked
// too, but the host trusts nothing it sends), against the model list it already holds. A model
// the list does not describe is allowed: Bedrock decides.
import type { ModelCatalogue } from '../../aws/bedrock/bedrockTypes';
import { chosenModelAmong, modelInputRefusal, type ChosenModel } from '../../shared/modelInputCheck';
import type { ChatErrorView, MediaAttachment } from '../../shared/protocol';
import { toModelChoices } from './modelChoices';

export function chosenModelIn(catalogue: ModelCatalogue | undefined, modelId: string): ChosenModel {
	return chosenModelAmong(toModelChoices(catalogue, modelId), modelId);
}

export function modelInputRefusalView(media: readonly MediaAttachment[], model: ChosenModel): ChatErrorView | undefined {
	const message = modelInputRefusal(media, model);
	return message
		? { code: 'AttachmentRefused', message, action: 'Nothing was sent; your prompt and attachments are back in the input.', actions: ['chooseModel'] }
		: undefined;
}
