// The inference settings of a chat reply, read from bedrockConnect.chat.* at the start of each turn.
import * as vscode from 'vscode';
import { readSystemPrompt } from '../settings';
import type { ReplySettings } from './chatTurn';

export function configuredReplySettings(): ReplySettings {
	const config = vscode.workspace.getConfiguration('bedrockConnect.chat');
	return {
		// User settings only: a repository's .vscode/settings.json must not inject a system prompt.
		system: readSystemPrompt(),
		maxTokens: config.get<number>('maxTokens', 4096),
		temperature: config.get<number>('temperature', 0.5),
	};
}
