// What a model takes besides text: images (from ListFoundationModels' `inputModalities`) and
// documents (no API lists them: a table by base model family, from Bedrock's "Supported models
// and model features" page). Each answer is tri-state: undefined means not known, and then the
// chat allows the file and lets Bedrock decide. Pure and SDK-free.

import type { ModelInputs } from '../../shared/modelInputCheck';

/**
 * Document chat by base model id; the first matching row wins, unlisted families are unknown.
 * From the Converse "Supported models and model features" table (Document chat column).
 */
const DOCUMENT_CHAT: readonly [RegExp, boolean][] = [
	[/^anthropic\.claude-/, true],
	[/^amazon\.nova-micro-/, false],
	[/^amazon\.nova-(?:lite|pro|premier)-/, true],
	[/^amazon\.titan-text-premier/, false],
	[/^amazon\.titan-text-/, true],
	[/^ai21\.jamba-instruct/, false],
	[/^ai21\.jamba-1-5-/, true],
];

export function documentsTakenBy(baseModelId: string): boolean | undefined {
	return DOCUMENT_CHAT.find(([pattern]) => pattern.test(baseModelId))?.[1];
}

/** IMAGE among the listed input modalities; undefined when the listing gave none. */
export function imagesFromModalities(inputModalities: readonly string[] | undefined): boolean | undefined {
	return inputModalities === undefined ? undefined : inputModalities.includes('IMAGE');
}

/** A base model as the catalogue knows it: its id and, when listed, its input modalities. */
export interface BaseModelFacts {
	modelId: string;
	inputModalities?: readonly string[];
}

/** Every base model must take it (a profile may route to any of them); one refusal decides; otherwise unknown. */
function all(answers: readonly (boolean | undefined)[]): boolean | undefined {
	if (answers.length === 0) return undefined;
	if (answers.includes(false)) return false;
	return answers.every((a) => a === true) ? true : undefined;
}

/** What a model, or a profile over these base models (an application profile inherits its model's), takes. */
export function inputsOfBaseModels(bases: readonly BaseModelFacts[]): ModelInputs {
	const images = all(bases.map((b) => imagesFromModalities(b.inputModalities)));
	const documents = all(bases.map((b) => documentsTakenBy(b.modelId)));
	return { ...(images !== undefined ? { images } : {}), ...(documents !== undefined ? { documents } : {}) };
}
