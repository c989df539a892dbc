// Merges what ListFoundationModels and ListInferenceProfiles returned into the model picker's
// list: streaming text models only, inference-profile ids where on-demand calls are refused,
// readable labels. Pure, so every rule is a row in a unit test.

import type { ModelCatalogue, ModelKind, ModelOption } from './bedrockTypes';
import { crossRegionPrefix } from './errorClassification';
import type { ModelInputs } from '../../shared/modelInputCheck';
import { inputsOfBaseModels } from './modelInputs';

/** The fields of a FoundationModelSummary the catalogue uses. */
export interface FoundationModelInfo {
	modelId: string;
	modelArn?: string;
	modelName?: string;
	providerName?: string;
	/** TEXT, IMAGE, … : what the model takes (IMAGE decides whether images are sent). */
	inputModalities?: string[];
	outputModalities?: string[];
	responseStreamingSupported?: boolean;
	/** ON_DEMAND, PROVISIONED, INFERENCE_PROFILE (AWS returns the last for profile-only models). */
	inferenceTypesSupported?: string[];
	lifecycleStatus?: string;
}

/** The fields of an InferenceProfileSummary the catalogue uses. */
export interface InferenceProfileInfo {
	id: string;
	arn?: string;
	name?: string;
	type?: string; // SYSTEM_DEFINED | APPLICATION
	status?: string;
	modelArns: string[];
}

export interface CatalogueInput {
	region: string;
	/** undefined: the listing was not available (denied or failed); see `warnings`. */
	foundationModels?: FoundationModelInfo[];
	profiles?: InferenceProfileInfo[];
	warnings?: string[];
}

const GEOGRAPHY_LABELS: Record<string, string> = {
	us: 'US',
	'us-gov': 'US GovCloud',
	eu: 'EU',
	apac: 'APAC',
	jp: 'Japan',
	au: 'Australia',
	ca: 'Canada',
	global: 'global',
};

const PROVIDER_NAMES: Record<string, string> = {
	anthropic: 'Anthropic',
	amazon: 'Amazon',
	meta: 'Meta',
	mistral: 'Mistral AI',
	cohere: 'Cohere',
	deepseek: 'DeepSeek',
	ai21: 'AI21 Labs',
	writer: 'Writer',
	openai: 'OpenAI',
	qwen: 'Qwen',
};

/** `arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-x` → `anthropic.claude-x`. */
export function modelIdFromArn(arn: string): string {
	const marker = 'foundation-model/';
	const at = arn.indexOf(marker);
	return at >= 0 ? arn.slice(at + marker.length) : arn;
}

/** `us.anthropic.claude-x` → { geography: 'us', modelId: 'anthropic.claude-x' }. */
export function splitProfileId(id: string): { geography?: string; modelId: string } {
	for (const geography of Object.keys(GEOGRAPHY_LABELS).sort((a, b) => b.length - a.length)) {
		if (id.startsWith(`${geography}.`)) return { geography, modelId: id.slice(geography.length + 1) };
	}
	return { modelId: id };
}

function providerFromModelId(modelId: string): string | undefined {
	const vendor = modelId.split('.')[0];
	if (!vendor || vendor === modelId) return undefined;
	return PROVIDER_NAMES[vendor] ?? vendor.charAt(0).toUpperCase() + vendor.slice(1);
}

function isUsableFoundationModel(m: FoundationModelInfo): boolean {
	if (m.outputModalities && !m.outputModalities.includes('TEXT')) return false; // embeddings, images
	if (m.responseStreamingSupported === false) return false;
	if (m.lifecycleStatus === 'LEGACY') return false;
	const types = m.inferenceTypesSupported;
	if (types && !types.includes('ON_DEMAND') && !types.includes('INFERENCE_PROFILE')) return false; // provisioned only
	return true;
}

function supportsOnDemand(m: FoundationModelInfo): boolean {
	return m.inferenceTypesSupported === undefined || m.inferenceTypesSupported.includes('ON_DEMAND');
}

function crossRegionLabel(baseName: string, geography: string | undefined): string {
	return `${baseName} (${GEOGRAPHY_LABELS[geography ?? ''] ?? geography ?? 'cross-region'} cross-region)`;
}

/** Only known answers are carried: an option without `inputs` is "not known". */
function withInputs(option: ModelOption, inputs: ModelInputs): ModelOption {
	return Object.keys(inputs).length > 0 ? { ...option, inputs } : option;
}

const KIND_ORDER: Record<ModelKind, number> = { foundationModel: 0, systemInferenceProfile: 1, applicationInferenceProfile: 2 };

export function buildModelCatalogue(input: CatalogueInput): ModelCatalogue {
	const warnings = [...(input.warnings ?? [])];
	if (input.foundationModels === undefined && input.profiles === undefined) {
		warnings.push('Showing a built-in list of well-known models; they may not all be enabled in your account.');
		return { models: builtInModels(input.region), warnings };
	}

	const usable = new Map<string, FoundationModelInfo>();
	for (const m of input.foundationModels ?? []) if (isUsableFoundationModel(m)) usable.set(m.modelId, m);
	const options = new Map<string, ModelOption>();
	const modelsWithProfile = new Set<string>();

	for (const p of input.profiles ?? []) {
		if (p.status !== undefined && p.status !== 'ACTIVE') continue;
		const baseModelIds = [...new Set(p.modelArns.map(modelIdFromArn))];
		const bases = baseModelIds.map((id) => usable.get(id)).filter((m): m is FoundationModelInfo => m !== undefined);
		// With the foundation list at hand, a profile over only embedding/legacy models is dropped.
		if (input.foundationModels !== undefined && bases.length === 0) continue;
		const base = bases[0];
		const application = p.type === 'APPLICATION';
		const { geography, modelId: idWithoutGeography } = splitProfileId(p.id);
		const baseName = base?.modelName;
		const label = application
			? `${p.name ?? p.id} (application profile)`
			: baseName
				? crossRegionLabel(baseName, geography)
				: (p.name ?? p.id);
		const option: ModelOption = {
			// Application profiles are invoked by ARN; system-defined ones by their id.
			id: application ? (p.arn ?? p.id) : p.id,
			label,
			kind: application ? 'applicationInferenceProfile' : 'systemInferenceProfile',
			baseModelIds,
		};
		const providerName = base?.providerName ?? providerFromModelId(application ? (baseModelIds[0] ?? '') : idWithoutGeography);
		if (providerName) option.providerName = providerName;
		if (bases.some((m) => !supportsOnDemand(m))) option.requiresInferenceProfile = true;
		// A base model the foundation list did not describe leaves images unknown; documents go by its id.
		const inputs = inputsOfBaseModels(baseModelIds.map((id) => ({ modelId: id, ...(usable.get(id)?.inputModalities ? { inputModalities: usable.get(id)?.inputModalities } : {}) })));
		options.set(option.id, withInputs(option, inputs));
		for (const id of baseModelIds) modelsWithProfile.add(id);
	}

	for (const m of usable.values()) {
		const name = m.modelName ?? m.modelId;
		const inputs = inputsOfBaseModels([m]);
		if (supportsOnDemand(m)) {
			options.set(m.modelId, withInputs({
				id: m.modelId,
				label: name,
				kind: 'foundationModel',
				...(m.providerName ? { providerName: m.providerName } : {}),
			}, inputs));
		} else if (!modelsWithProfile.has(m.modelId)) {
			// No listed profile covers it (e.g. profiles could not be listed): offer the id AWS
			// gives the region's cross-region profile rather than a bare id that would be refused.
			const geography = crossRegionPrefix(input.region);
			const id = `${geography}.${m.modelId}`;
			options.set(id, withInputs({
				id,
				label: crossRegionLabel(name, geography),
				kind: 'systemInferenceProfile',
				baseModelIds: [m.modelId],
				requiresInferenceProfile: true,
				...(m.providerName ? { providerName: m.providerName } : {}),
			}, inputs));
		}
	}

	return { models: disambiguateLabels(sortOptions([...options.values()])), warnings };
}

function sortOptions(models: ModelOption[]): ModelOption[] {
	return models.sort(
		(a, b) =>
			(a.providerName ?? '\uffff').localeCompare(b.providerName ?? '\uffff') ||
			KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
			a.label.localeCompare(b.label) ||
			a.id.localeCompare(b.id),
	);
}

/** Two versions of a model often share a display name; the id tells them apart. */
function disambiguateLabels(models: ModelOption[]): ModelOption[] {
	const counts = new Map<string, number>();
	for (const m of models) counts.set(m.label, (counts.get(m.label) ?? 0) + 1);
	return models.map((m) => ((counts.get(m.label) ?? 0) > 1 ? { ...m, label: `${m.label} · ${m.id}` } : m));
}

/** Well-known chat models, offered when nothing could be listed. Flagged so the UI can say so; what they take is left unknown. */
export function builtInModels(region: string): ModelOption[] {
	const geography = crossRegionPrefix(region);
	const known: Array<[string, string, string]> = [
		['anthropic.claude-sonnet-4-20250514-v1:0', 'Claude Sonnet 4', 'Anthropic'],
		['anthropic.claude-3-7-sonnet-20250219-v1:0', 'Claude 3.7 Sonnet', 'Anthropic'],
		['anthropic.claude-3-5-haiku-20241022-v1:0', 'Claude 3.5 Haiku', 'Anthropic'],
		['amazon.nova-pro-v1:0', 'Nova Pro', 'Amazon'],
		['amazon.nova-lite-v1:0', 'Nova Lite', 'Amazon'],
		['meta.llama3-3-70b-instruct-v1:0', 'Llama 3.3 70B Instruct', 'Meta'],
	];
	return known.map(([modelId, name, providerName]) => ({
		id: `${geography}.${modelId}`,
		label: crossRegionLabel(name, geography),
		providerName,
		kind: 'systemInferenceProfile' as const,
		baseModelIds: [modelId],
		builtIn: true,
	}));
}
