// The model catalogue as VS Code's LanguageModelChatInformation: stable ids (the Bedrock model or
// inference-profile id), a family from the base model, a detail line (provider · region · how it is
// invoked) and limits per family (modelLimits.ts). The stable default model in front of them, and
// what stands in signed out, is defaultModel.ts. Pure.
import type { ModelCatalogue, ModelOption } from '../../aws/bedrock/bedrockTypes';
import { limitsFor } from './modelLimits';

/** The shape of vscode.LanguageModelChatInformation (kept here so this module has no `vscode` import). */
export interface ModelInformation {
	readonly id: string;
	readonly name: string;
	readonly family: string;
	readonly version: string;
	readonly detail?: string;
	readonly tooltip?: string;
	readonly maxInputTokens: number;
	readonly maxOutputTokens: number;
	readonly capabilities: { readonly imageInput?: boolean; readonly toolCalling?: boolean | number };
}

const INVOCATION: Record<ModelOption['kind'], string> = {
	foundationModel: 'on-demand',
	systemInferenceProfile: 'cross-region profile',
	applicationInferenceProfile: 'application profile',
};

/** The foundation model behind an option: its own id, or a profile's first base model. */
export function baseModelId(option: ModelOption): string {
	return option.kind === 'foundationModel' ? option.id : (option.baseModelIds?.[0] ?? option.id.replace(/^[a-z-]+\.(?=[a-z0-9-]+\.)/, ''));
}

/** `anthropic.claude-3-5-haiku-20241022-v1:0` → `claude-3-5-haiku`: the model without provider, date and version. */
export function familyOf(modelId: string): string {
	const name = modelId.includes('.') ? modelId.slice(modelId.indexOf('.') + 1) : modelId;
	return name.replace(/-v\d+(:\d+)?$/, '').replace(/-\d{8}$/, '').replace(/:\d+$/, '') || modelId;
}

export function toModelInformation(option: ModelOption, region: string): ModelInformation {
	const base = baseModelId(option);
	const limits = limitsFor(base);
	const detail = [option.providerName, region, INVOCATION[option.kind]].filter(Boolean).join(' · ');
	return {
		id: option.id,
		name: option.label,
		family: familyOf(base),
		version: base,
		detail,
		tooltip: option.builtIn ? `${option.id} (from the built-in list: the models could not be listed)` : option.id,
		maxInputTokens: limits.maxInputTokens,
		maxOutputTokens: limits.maxOutputTokens,
		// The listing's modalities decide when it gave them; the family table otherwise.
		capabilities: { toolCalling: limits.toolCalling, imageInput: option.inputs?.images ?? limits.imageInput },
	};
}

/**
 * What the provider offers: every catalogue entry that can be invoked as it is (a foundation
 * model that needs a profile is offered through that profile, which the catalogue lists).
 */
export function modelInformationFor(catalogue: ModelCatalogue, region: string): ModelInformation[] {
	return catalogue.models.filter((m) => !(m.kind === 'foundationModel' && m.requiresInferenceProfile)).map((m) => toModelInformation(m, region));
}
