// The inference settings of a chat reply, read from bedrockConnect.chat.* at the start of each turn.
import * as vscode from 'vscode';
import type { ReplySettings } from './chatTurn';

export function configuredReplySettings(): ReplySettings {
	const config = vscode.workspace.getConfiguration('bedrockConnect.chat');
	return {
		system: config.get<string>('systemPrompt', '').trim(),
		maxTokens: config.get<number>('maxTokens', 4096),
		temperature: config.get<number>('temperature', 0.5),
	};
}
