// The inference settings of a chat reply, read from bedrockConnect.chat.* at the start of each turn.
import * as vscode from 'vscode';
import { readSystemPrompt } from '../settings';
import type { ReasoningLevel } from '../../aws/bedrock/bedrockTypes';
import type { ReplySettings } from './chatTurn';

const REASONING_LEVELS: readonly ReasoningLevel[] = ['off', 'low', 'medium', 'high'];

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
	};
}
