// The inference settings of a chat reply, read from bedrockConnect.chat.* at the start of each turn.
import * as vscode from 'vscode';
import { readSystemPrompt, userOnlySetting } from '../settings';
import type { GuardrailSetting, PriceOverrides, ReasoningLevel, ServiceTierName } from '../../aws/bedrock/bedrockTypes';
import type { ReplySettings } from './chatTurn';

const REASONING_LEVELS: readonly ReasoningLevel[] = ['off', 'low', 'medium', 'high'];

const SERVICE_TIERS: readonly ServiceTierName[] = ['default', 'priority', 'flex'];
const PERFORMANCE_MODES: readonly ('standard' | 'optimized')[] = ['standard', 'optimized'];

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
	return allowed.includes(value as T) ? (value as T) : fallback;
}

/**
 * bedrockConnect.chat.guardrail from user settings only (a repository must not swap the
 * organisation's guardrail). Empty object or string: none. Anything else is passed on as it
 * is and the engine refuses to send with a malformed guardrail rather than drop it.
 */
export function guardrailSetting(value: unknown): { guardrail?: GuardrailSetting } {
	if (value === undefined || value === null || value === '') return {};
	if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return {};
	return { guardrail: value as GuardrailSetting };
}

/** A value outside the enum (hand-edited settings.json) counts as off rather than failing the send. */
export function reasoningLevel(value: unknown): ReasoningLevel {
	return REASONING_LEVELS.includes(value as ReasoningLevel) ? (value as ReasoningLevel) : 'off';
}

export function configuredReplySettings(): ReplySettings {
	const config = vscode.workspace.getConfiguration('bedrockConnect.chat');
	return {
		// User settings only: a repository's .vscode/settings.json must not inject a system prompt.
		system: readSystemPrompt(),
		maxTokens: config.get<number>('maxTokens', 4096),
		temperature: config.get<number>('temperature', 0.5),
		reasoning: reasoningLevel(config.get<unknown>('reasoning', 'off')),
		promptCaching: config.get<boolean>('promptCaching', true) !== false,
		serviceTier: oneOf(config.get<unknown>('serviceTier'), SERVICE_TIERS, 'default'),
		performance: oneOf(config.get<unknown>('performance'), PERFORMANCE_MODES, 'standard'),
		...guardrailSetting(userOnlySetting<unknown>(config, 'guardrail')),
		// The engine validates the overrides and says which entries it ignored.
		prices: (config.get<unknown>('prices') ?? {}) as PriceOverrides,
	};
}
