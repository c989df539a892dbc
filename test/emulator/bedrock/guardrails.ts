// Guardrails: guardrails tests create (blocked words, the messages shown when blocking), the
// guardrailConfig a request names, and interventions — on the input before the model runs, or
// on its output — answered with stopReason guardrail_intervened and, with trace on, the trace.
import { randomBytes } from 'node:crypto';
import { DEFAULT_ACCOUNT_ID } from '../directory';
import type { Reply } from '../http';
import type { ConverseMessage } from '../replies';
import { bedrockValidation } from '../services/bedrockAuth';
import { CATALOG_REGION } from '../catalog';
import type { CreateGuardrailOptions, Guardrail } from '../types';
import { blocksOf, isObject } from './contentBlocks';

export const DEFAULT_BLOCKED_MESSAGE = 'Sorry, the model cannot answer this question.';

interface StoredGuardrail extends Guardrail {
	blockedWords: string[];
	blockedInputMessaging: string;
	blockedOutputsMessaging: string;
}

export interface GuardrailRequest {
	guardrail: StoredGuardrail;
	trace: 'enabled' | 'disabled' | 'enabled_full';
}

export type GuardrailSide = 'input' | 'output';

export class GuardrailRegistry {
	private readonly guardrails: StoredGuardrail[] = [];

	create(options: CreateGuardrailOptions = {}): Guardrail {
		const id = randomBytes(6).toString('hex');
		const stored: StoredGuardrail = {
			guardrailIdentifier: id,
			guardrailArn: `arn:aws:bedrock:${CATALOG_REGION}:${DEFAULT_ACCOUNT_ID}:guardrail/${id}`,
			guardrailVersion: '1',
			blockedWords: (options.blockedWords ?? []).map((word) => word.toLowerCase()),
			blockedInputMessaging: options.blockedInputMessaging ?? DEFAULT_BLOCKED_MESSAGE,
			blockedOutputsMessaging: options.blockedOutputsMessaging ?? DEFAULT_BLOCKED_MESSAGE,
		};
		this.guardrails.push(stored);
		return { guardrailIdentifier: stored.guardrailIdentifier, guardrailArn: stored.guardrailArn, guardrailVersion: stored.guardrailVersion };
	}

	find(identifier: string, version: string): StoredGuardrail | undefined {
		return this.guardrails.find(
			(guardrail) => (guardrail.guardrailIdentifier === identifier || guardrail.guardrailArn === identifier) && (version === 'DRAFT' || version === guardrail.guardrailVersion),
		);
	}
}

export function readGuardrailConfig(params: Record<string, unknown>, registry: GuardrailRegistry): GuardrailRequest | Reply | undefined {
	const config = params.guardrailConfig;
	if (config === undefined) {
		return undefined;
	}
	const identifier = isObject(config) ? String(config.guardrailIdentifier ?? '') : '';
	const version = isObject(config) ? String(config.guardrailVersion ?? '') : '';
	const trace = isObject(config) && config.trace !== undefined ? String(config.trace) : 'disabled';
	if (!['enabled', 'disabled', 'enabled_full'].includes(trace)) {
		return bedrockValidation(
			`1 validation error detected: Value '${trace}' at 'guardrailConfig.trace' failed to satisfy constraint: Member must satisfy enum value set: [enabled, disabled, enabled_full]`,
		);
	}
	const guardrail = registry.find(identifier, version);
	if (!guardrail) {
		return bedrockValidation('The guardrail identifier or version provided in the request does not exist.');
	}
	return { guardrail, trace: trace as GuardrailRequest['trace'] };
}

function blockedWordIn(text: string, guardrail: StoredGuardrail): string | undefined {
	const lower = text.toLowerCase();
	return guardrail.blockedWords.find((word) => lower.includes(word));
}

function lastUserText(messages: readonly ConverseMessage[]): string {
	const last = [...messages].reverse().find((message) => message.role === 'user');
	return blocksOf(last)
		.map((block) => (typeof block.text === 'string' ? block.text : ''))
		.join('\n');
}

export interface Intervention {
	side: GuardrailSide;
	/** The blocked word that matched, when a word policy did it. */
	match?: string;
}

/** Whether the guardrail blocks the input (the last user turn) or the model's answer. */
export function intervention(request: GuardrailRequest, messages: readonly ConverseMessage[], answer: string, scripted?: GuardrailSide): Intervention | undefined {
	const inInput = blockedWordIn(lastUserText(messages), request.guardrail);
	if (inInput || scripted === 'input') {
		return { side: 'input', match: inInput };
	}
	const inOutput = blockedWordIn(answer, request.guardrail);
	if (inOutput || scripted === 'output') {
		return { side: 'output', match: inOutput };
	}
	return undefined;
}

export function blockedMessage(request: GuardrailRequest, side: GuardrailSide): string {
	return side === 'input' ? request.guardrail.blockedInputMessaging : request.guardrail.blockedOutputsMessaging;
}

const USAGE = {
	topicPolicyUnits: 0,
	contentPolicyUnits: 0,
	wordPolicyUnits: 1,
	sensitiveInformationPolicyUnits: 0,
	sensitiveInformationPolicyFreeUnits: 0,
	contextualGroundingPolicyUnits: 0,
};

/** The `trace` member (Converse response / stream metadata), or none when trace is off. */
export function guardrailTrace(request: GuardrailRequest, blocked: Intervention | undefined, modelOutput: string): Record<string, unknown> | undefined {
	if (request.trace === 'disabled') {
		return undefined;
	}
	const id = request.guardrail.guardrailIdentifier;
	const assessment = (detected: boolean) => ({
		...(detected ? { wordPolicy: { customWords: [{ match: blocked?.match ?? 'scripted', action: 'BLOCKED', detected: true }], managedWordLists: [] } } : {}),
		invocationMetrics: { guardrailProcessingLatency: 1, usage: USAGE },
	});
	const guardrail: Record<string, unknown> = { inputAssessment: { [id]: assessment(blocked?.side === 'input') } };
	if (blocked?.side !== 'input') {
		guardrail.outputAssessments = { [id]: [assessment(blocked?.side === 'output')] };
		if (request.trace === 'enabled_full' || blocked) {
			guardrail.modelOutput = [modelOutput];
		}
	}
	if (blocked) {
		guardrail.actionReason = `Guardrail blocked the ${blocked.side === 'input' ? 'input' : 'output'}.`;
	}
	return { trace: { guardrail } };
}
