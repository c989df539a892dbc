// Which vscode.LanguageModelError a failure becomes, and its message: what happened and what to
// do, redacted like every other error text. Pure: the provider builds the VS Code error from this.
import { isBedrockConnectError } from '../../aws/errors';
import { redactSecrets } from '../../aws/redaction';

export type LanguageModelErrorKind = 'NoPermissions' | 'Blocked' | 'NotFound' | 'Other';

export interface LanguageModelFailure {
	kind: LanguageModelErrorKind;
	message: string;
}

const NO_PERMISSIONS = new Set(['SignInRequired', 'SsoSignInExpired', 'AccessDenied', 'ModelAccessDenied', 'PolicyRefused', 'MfaRequired']);

export const SIGNED_OUT_MESSAGE = 'You are not signed in to AWS, so Amazon Bedrock cannot answer. Run "AWS: Sign In…" from the Command Palette (or ask @bedrock), then send the message again.';

/** Bedrock answers an unknown model id with ResourceNotFound, or with this ValidationException. */
function isNotFound(e: { code: string; cause?: unknown }): boolean {
	const cause = e.cause as { name?: string; message?: string } | undefined;
	if (cause?.name === 'ResourceNotFoundException') return true;
	return e.code === 'Validation' && cause?.name === 'ValidationException' && /model identifier is invalid/i.test(cause.message ?? '');
}

/** A request Bedrock refused for a chat setting (tier, latency, guardrail): blocked until the setting changes. */
const SETTING_REFUSAL = /bedrockConnect\.chat\.(?:serviceTier|performance|guardrail)\b/;

export function languageModelFailure(e: unknown): LanguageModelFailure {
	if (!isBedrockConnectError(e)) {
		const text = e instanceof Error ? e.message : String(e);
		return { kind: 'Other', message: redactSecrets(`Amazon Bedrock failed: ${text} Retry; if it keeps happening, check the "Bedrock Connect" output.`) };
	}
	const message = redactSecrets([e.message, e.action].filter(Boolean).join(' '));
	if (NO_PERMISSIONS.has(e.code)) return { kind: 'NoPermissions', message };
	if (e.code === 'Throttled') return { kind: 'Blocked', message };
	if (isNotFound(e)) return { kind: 'NotFound', message };
	if (e.code === 'Validation' && SETTING_REFUSAL.test(message)) return { kind: 'Blocked', message };
	return { kind: 'Other', message };
}
