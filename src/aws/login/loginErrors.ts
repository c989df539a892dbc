// Why a console session cannot renew, told apart from the SDK's login provider errors
// (@aws-sdk/credential-provider-login names AWS Sign-In's three kinds only in its messages).
import { BedrockConnectError } from '../errors';

export type ConsoleSessionEndReason = 'TOKEN_EXPIRED' | 'USER_CREDENTIALS_CHANGED' | 'INSUFFICIENT_PERMISSIONS' | 'NOT_SIGNED_IN';

const PATTERNS: Array<[ConsoleSessionEndReason, RegExp]> = [
	['TOKEN_EXPIRED', /Your session has expired/i],
	['USER_CREDENTIALS_CHANGED', /change in your password/i],
	['INSUFFICIENT_PERMISSIONS', /insufficient permissions.*CreateOAuth2Token/i],
	['NOT_SIGNED_IN', /Failed to load a token for session|Failed to load token from|Token validation failed, missing fields/i],
];

export function consoleSessionEndReason(error: unknown): ConsoleSessionEndReason | undefined {
	const message = error instanceof Error ? error.message : String(error);
	return PATTERNS.find(([, pattern]) => pattern.test(message))?.[0];
}

const WHAT_HAPPENED: Record<ConsoleSessionEndReason, string> = {
	TOKEN_EXPIRED: 'has ended (AWS Sign-In: TOKEN_EXPIRED; console sessions renew for at most 12 hours)',
	USER_CREDENTIALS_CHANGED: 'was ended because the password of the signed-in user changed (AWS Sign-In: USER_CREDENTIALS_CHANGED)',
	INSUFFICIENT_PERMISSIONS:
		'cannot renew: the signed-in principal may not call signin:CreateOAuth2Token (AWS Sign-In: INSUFFICIENT_PERMISSIONS; it needs the SignInLocalDevelopmentAccess policy)',
	NOT_SIGNED_IN: 'has no usable sign-in in the AWS CLI login cache',
};

/** The error the user sees; code ConsoleSessionEnded offers "Sign in again" (`aws login`). */
export function consoleSessionEnded(reason: ConsoleSessionEndReason, profile: string, cause?: unknown): BedrockConnectError {
	return new BedrockConnectError('ConsoleSessionEnded', `The console sign-in of profile "${profile}" ${WHAT_HAPPENED[reason]}.`, {
		action:
			reason === 'INSUFFICIENT_PERMISSIONS'
				? `Ask your administrator for that permission, then sign in again with \`aws login --profile ${profile}\`.`
				: `Sign in again with \`aws login --profile ${profile}\` (AWS CLI 2.32 or newer).`,
		...(cause === undefined ? {} : { cause }),
	});
}
