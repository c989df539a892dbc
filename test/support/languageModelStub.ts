// Stand-ins for VS Code's language-model and chat classes, installed onto the VS Code stub
// (vscodeStubModule) for the Chat-view provider's unit tests. Shapes follow @types/vscode 1.104.
import { vscodeStub } from './vscodeStubModule';

export class LanguageModelTextPart {
	constructor(readonly value: string) {}
}
export class LanguageModelToolCallPart {
	constructor(
		readonly callId: string,
		readonly name: string,
		readonly input: object,
	) {}
}
export class LanguageModelToolResultPart {
	constructor(
		readonly callId: string,
		readonly content: unknown[],
	) {}
}
export class LanguageModelError extends Error {
	constructor(
		message: string,
		readonly code: string,
	) {
		super(message);
		this.name = code;
	}
	static NoPermissions(message?: string) {
		return new LanguageModelError(message ?? '', 'NoPermissions');
	}
	static Blocked(message?: string) {
		return new LanguageModelError(message ?? '', 'Blocked');
	}
	static NotFound(message?: string) {
		return new LanguageModelError(message ?? '', 'NotFound');
	}
}
export class CancellationError extends Error {
	constructor() {
		super('Canceled');
		this.name = 'Canceled';
	}
}

const target = vscodeStub as unknown as Record<string, unknown>;
Object.assign(target, {
	LanguageModelTextPart,
	LanguageModelToolCallPart,
	LanguageModelToolResultPart,
	LanguageModelError,
	CancellationError,
	LanguageModelChatToolMode: { Auto: 1, Required: 2 },
	LanguageModelChatMessageRole: { User: 1, Assistant: 2 },
	// Own members, so that `import * as vscode` (which copies own keys) sees them; tests replace the functions.
	lm: { registerLanguageModelChatProvider: () => ({ dispose: () => undefined }), selectChatModels: async () => [] },
	chat: { createChatParticipant: () => ({ dispose: () => undefined }) },
});

/** A cancellation token a test cancels by hand. */
export function manualToken() {
	const listeners: Array<() => void> = [];
	const token = {
		isCancellationRequested: false,
		onCancellationRequested: (listener: () => void) => {
			listeners.push(listener);
			return { dispose: () => undefined };
		},
	};
	return {
		token,
		cancel: () => {
			token.isCancellationRequested = true;
			for (const l of listeners) l();
		},
	};
}
