// The reasoning ("thinking") setting as each model family wants it in Converse's
// `additionalModelRequestFields`, and what else the family requires while it reasons. Pure.
import type { DocumentType } from '@smithy/types';
import type { ReasoningControl } from './modelFamily';

export type ReasoningLevel = 'off' | 'low' | 'medium' | 'high';

export const REASONING_LEVELS: readonly ReasoningLevel[] = ['off', 'low', 'medium', 'high'];

/** Claude's thinking budget per level; the API's minimum is 1,024 tokens. */
export const ANTHROPIC_THINKING_BUDGET: Record<Exclude<ReasoningLevel, 'off'>, number> = { low: 2_048, medium: 8_192, high: 24_576 };

export interface ReasoningFields {
	/** Merged into `additionalModelRequestFields`. */
	fields: Record<string, DocumentType>;
	/** Claude counts thinking inside max_tokens: the budget is added so the answer keeps its room. */
	extraMaxTokens: number;
	/** Claude refuses a temperature other than 1 while thinking: send none. */
	omitTemperature: boolean;
}

/** The fields for a level and a family; undefined when nothing is to be sent. */
export function reasoningFields(level: ReasoningLevel, control: ReasoningControl): ReasoningFields | undefined {
	if (level === 'off') return undefined;
	switch (control) {
		case 'anthropicThinking': {
			const budget = ANTHROPIC_THINKING_BUDGET[level];
			return { fields: { thinking: { type: 'enabled', budget_tokens: budget } }, extraMaxTokens: budget, omitTemperature: true };
		}
		case 'novaReasoning':
			return { fields: { reasoningConfig: { type: 'enabled', maxReasoningEffort: level } }, extraMaxTokens: 0, omitTemperature: false };
		case 'reasoningEffort':
			return { fields: { reasoning_effort: level }, extraMaxTokens: 0, omitTemperature: false };
		case 'always':
		case 'none':
			return undefined;
	}
}

export function isReasoningLevel(value: unknown): value is ReasoningLevel {
	return typeof value === 'string' && (REASONING_LEVELS as readonly string[]).includes(value);
}
