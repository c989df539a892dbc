// Whether the chosen model takes a prompt's images and documents, and the words for it: the page
// says it as files arrive and when the model changes, the host again before sending, and earlier
// turns' files go to such a model as a short note. A model whose answer is not known is allowed
// (Bedrock decides). No DOM, no Node: both bundles import it.

/** What a model takes besides text: `false` it does not, `true` it does, absent: not known. */
export interface ModelInputs {
	images?: boolean;
	documents?: boolean;
}

export type MediaKind = 'image' | 'document';

/** The chosen model as the check needs it: its name, what it takes, and the catalogue to suggest another from. */
export interface ChosenModel {
	name: string;
	inputs: ModelInputs;
	/** A listed model that takes images / documents, to name in the refusal. */
	suggestion: { image?: string; document?: string };
}

const field = (kind: MediaKind): keyof ModelInputs => (kind === 'image' ? 'images' : 'documents');

export function takes(inputs: ModelInputs | undefined, kind: MediaKind): boolean {
	return inputs?.[field(kind)] !== false;
}

/** The chosen model among the choices (a custom id: its id as the name, nothing known), with suggestions. */
export function chosenModelAmong(choices: readonly { id: string; label: string; name?: string; inputs?: ModelInputs }[], selectedId: string): ChosenModel {
	const chosen = choices.find((c) => c.id === selectedId);
	const nameOf = (c: { label: string; name?: string }) => c.name ?? c.label;
	const suggest = (kind: MediaKind) => {
		const found = choices.find((c) => c.id !== selectedId && c.inputs?.[field(kind)] === true);
		return found && nameOf(found);
	};
	const image = suggest('image');
	const document = suggest('document');
	return {
		name: chosen ? nameOf(chosen) : selectedId,
		inputs: chosen?.inputs ?? {},
		suggestion: { ...(image ? { image } : {}), ...(document ? { document } : {}) },
	};
}

const plural = (kind: MediaKind) => (kind === 'image' ? 'images' : 'documents');
const quoted = (names: readonly string[]) => names.map((n) => `"${n.length > 80 ? `${n.slice(0, 79)}…` : n}"`).join(', ');

/**
 * Why these files cannot go with the model, naming what to do (a model that takes them, one
 * from the catalogue when there is one); undefined when the model takes them all or is not known.
 */
export function modelInputRefusal(files: readonly { kind: MediaKind; name: string }[], model: ChosenModel): string | undefined {
	for (const kind of ['image', 'document'] as const) {
		const refused = files.filter((f) => f.kind === kind).map((f) => f.name);
		if (refused.length === 0 || takes(model.inputs, kind)) continue;
		const suggestion = model.suggestion[kind];
		const pick = suggestion ? `Pick a model that takes ${plural(kind)}, e.g. ${suggestion}, or remove the file.` : `Pick a model that takes ${plural(kind)}, or remove the file.`;
		return `${model.name} does not take ${plural(kind)}: ${quoted(refused)} cannot be sent with it. ${pick}`;
	}
	return undefined;
}

/** What an earlier turn's file becomes for a model that does not take it. */
export function withheldNote(kind: MediaKind, name: string, modelName: string): string {
	return `[${kind} ${name} not sent: ${modelName} does not take ${plural(kind)}]`;
}
