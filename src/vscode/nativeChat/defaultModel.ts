// The default model `bedrock-default`: one model id that exists signed in and signed out, because
// a chat in VS Code keeps its selected model id and an id that vanished on sign-in leaves the chat
// with "Language model unavailable". Signed out it is the sign-in model (family `bedrock-sign-in`,
// answers NoPermissions); signed in it routes to `bedrockConnect.chat.modelId` when the catalogue
// has it, else to the catalogue's first model that takes tools. Pure.
import type { ModelInformation } from './modelInformation';

export const DEFAULT_MODEL_ID = 'bedrock-default';
/** The family of the signed-out default: how other extensions tell it from a Bedrock model. */
export const SIGN_IN_FAMILY = 'bedrock-sign-in';

export const SIGNED_OUT_DEFAULT: ModelInformation = {
	id: DEFAULT_MODEL_ID,
	name: 'Amazon Bedrock — sign in',
	family: SIGN_IN_FAMILY,
	version: '1',
	detail: 'Not signed in to AWS',
	tooltip: 'Run "AWS: Sign In…" to use your Amazon Bedrock models here.',
	maxInputTokens: 1_000,
	maxOutputTokens: 1_000,
	// The Chat view's picker hides models without tool calling in Agent mode (its default); the
	// sign-in model must show there, and it never answers anyway.
	capabilities: { toolCalling: true },
};

/** Signed in but the models could not be listed: the id stays valid; a request tries chat.modelId. */
export const UNLISTED_DEFAULT: ModelInformation = {
	...SIGNED_OUT_DEFAULT,
	name: 'Amazon Bedrock — default (models could not be listed)',
	family: DEFAULT_MODEL_ID,
	detail: 'Listing the models failed; see the "Bedrock Connect" output',
	tooltip: 'Answers with bedrockConnect.chat.modelId while the models cannot be listed.',
	maxInputTokens: 32_000,
	maxOutputTokens: 4_096,
};

export function isDefaultModel(model: { id: string }): boolean {
	return model.id === DEFAULT_MODEL_ID;
}

/** Why the default routes where it does (shown in its `detail`). */
export type DefaultReason = 'configured' | 'configuredNotListed' | 'unset';

export interface DefaultRoute {
	model: ModelInformation;
	reason: DefaultReason;
}

/** Where the default goes: the configured model if listed, else the first that takes tools, else the first. */
export function routeDefault(models: readonly ModelInformation[], configuredId: string): DefaultRoute | undefined {
	const configured = configuredId.trim();
	const chosen = configured ? models.find((m) => m.id === configured) : undefined;
	if (chosen) return { model: chosen, reason: 'configured' };
	// Agent mode (the Chat view's default) offers only models that call tools.
	const first = models.find((m) => m.capabilities.toolCalling) ?? models[0];
	return first ? { model: first, reason: configured ? 'configuredNotListed' : 'unset' } : undefined;
}

const WHY: Record<DefaultReason, (configured: string) => string> = {
	configured: () => 'bedrockConnect.chat.modelId',
	configuredNotListed: (configured) => `bedrockConnect.chat.modelId (${configured}) is not listed in this region; using the first model that takes tools`,
	unset: () => 'bedrockConnect.chat.modelId is empty; using the first model that takes tools',
};

/** The signed-in default: the routed model's family, limits and capabilities under the stable id. */
export function defaultModelInformation(route: DefaultRoute, configuredId: string): ModelInformation {
	const { model } = route;
	return {
		...model,
		id: DEFAULT_MODEL_ID,
		name: `Amazon Bedrock — default (${model.name})`,
		detail: `${model.detail ? `${model.detail} · ` : ''}${WHY[route.reason](configuredId.trim())}`,
		tooltip: `Answers with ${model.id}. Choose another with "Bedrock: Select Model…" (bedrockConnect.chat.modelId).`,
	};
}
