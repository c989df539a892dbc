// The model picker's content, built from the Bedrock catalogue. Pure, shared by the webview's
// <select> and the "Bedrock: Select Model…" quick pick so both offer the same list.
import type { ModelCatalogue, ModelOption } from '../../aws/bedrock/bedrockTypes';
import type { ModelChoiceView, ModelState } from '../../shared/protocol';

const GROUP_ORDER: Record<ModelOption['kind'], string> = {
	systemInferenceProfile: 'Inference profiles',
	applicationInferenceProfile: 'Application inference profiles',
	foundationModel: 'Foundation models',
};
export const CUSTOM_GROUP = 'Custom';

/** A model id or ARN the user may paste: no spaces, no control characters, sane length. */
export function validateModelId(value: string): string | undefined {
	const trimmed = value.trim();
	if (!trimmed) {
		return 'Enter a model id, inference-profile id or ARN.';
	}
	if (trimmed.length > 2048 || !/^[A-Za-z0-9._:/+-]+$/.test(trimmed)) {
		return 'A model id or ARN has no spaces or special characters, e.g. anthropic.claude-3-haiku-20240307-v1:0 or arn:aws:bedrock:…';
	}
	return undefined;
}

/** The model as sentences name it: provider and label. */
export function nameFor(model: ModelOption): string {
	const provider = model.providerName && !model.label.startsWith(model.providerName) ? `${model.providerName} ` : '';
	return `${provider}${model.label}`;
}

export function labelFor(model: ModelOption): string {
	return `${nameFor(model)}${model.requiresInferenceProfile ? ' (needs an inference profile)' : ''}`;
}

export function toModelChoices(catalogue: ModelCatalogue | undefined, selected: string): ModelChoiceView[] {
	const groups = Object.values(GROUP_ORDER);
	const choices = (catalogue?.models ?? [])
		.map((m): ModelChoiceView => {
			const label = labelFor(m);
			const name = nameFor(m);
			return { id: m.id, label, group: GROUP_ORDER[m.kind] ?? 'Foundation models', ...(name !== label ? { name } : {}), ...(m.inputs ? { inputs: { ...m.inputs } } : {}) };
		})
		.sort((a, b) => groups.indexOf(a.group) - groups.indexOf(b.group) || a.label.localeCompare(b.label));
	if (selected && !choices.some((c) => c.id === selected)) {
		choices.unshift({ id: selected, label: selected, group: CUSTOM_GROUP });
	}
	return choices;
}

export function toModelState(
	selected: string,
	result: { catalogue?: ModelCatalogue; error?: string; loading?: boolean },
): ModelState {
	return {
		selected,
		choices: toModelChoices(result.catalogue, selected),
		warnings: result.catalogue?.warnings ?? [],
		loading: result.loading ?? false,
		...(result.error ? { error: result.error } : {}),
	};
}
