// What the chat's error banner says and offers for each failure. Pure: BedrockConnectError
// codes in, banner text and buttons out. The engine's message and action are shown redacted
// (they may quote a failed command line or a service's text); unknown errors get a generic text.
import { isBedrockConnectError } from '../../aws/errors';
import { redactSecrets } from '../../aws/redaction';
import type { ChatErrorView, ErrorActionId } from '../../shared/protocol';

const ACTIONS_BY_CODE: Record<string, ErrorActionId[]> = {
	SignInRequired: ['signIn'],
	SsoSignInExpired: ['signIn'],
	ConsoleSessionEnded: ['signIn'],
	AccessDenied: ['signIn', 'retry'],
	PolicyRefused: ['signIn'],
	Throttled: ['retry'],
	ModelAccessDenied: ['chooseModel', 'retry'],
	ModelNotReady: ['chooseModel'],
	Validation: ['chooseModel', 'openSettings'],
	Network: ['retry'],
	CertificateUntrusted: ['retry'],
	ServiceError: ['retry'],
	NoModel: ['chooseModel'],
	InvalidRegion: ['openSettings'],
};

const DEFAULT_ACTION: Record<string, string> = {
	SignInRequired: 'Sign in to AWS, then retry.',
	Throttled: 'Wait a moment and retry, or pick a model with more quota.',
	Network: 'Check your connection or proxy, then retry.',
	ServiceError: 'Retry in a moment.',
};

export function signInRequiredView(): ChatErrorView {
	return {
		code: 'SignInRequired',
		message: 'You are not signed in to AWS.',
		action: DEFAULT_ACTION.SignInRequired,
		actions: ['signIn'],
	};
}

export function noModelView(): ChatErrorView {
	return {
		code: 'NoModel',
		message: 'No model is selected.',
		action: 'Choose a model or paste a model id / inference-profile ARN, then send again.',
		actions: ['chooseModel'],
	};
}

export function busyView(): ChatErrorView {
	return {
		code: 'Busy',
		message: 'A reply is still streaming.',
		action: 'Stop it (Escape) or wait for it to finish, then send again.',
		actions: [],
	};
}

/** The page sent something the host's guard refused (over a size limit, or malformed). */
export function rejectedRequestView(): ChatErrorView {
	return {
		code: 'RejectedRequest',
		message: 'This message was not sent: it is over a size limit or malformed.',
		action: 'Shorten the prompt or attach less context, then send again.',
		actions: [],
	};
}

/** The page asked for a model id the host does not accept (`problem` says why, never echoing it). */
export function invalidModelIdView(problem: string): ChatErrorView {
	return {
		code: 'InvalidModelId',
		message: problem,
		action: 'Choose a model from the list, or paste its id or ARN.',
		actions: ['chooseModel'],
	};
}

export function nothingToRetryView(): ChatErrorView {
	return {
		code: 'NothingToRetry',
		message: 'There is no unfinished reply to retry in this conversation.',
		actions: [],
	};
}

export function toErrorView(error: unknown): ChatErrorView {
	if (isBedrockConnectError(error)) {
		return {
			code: error.code,
			message: redactSecrets(error.message),
			action: redactSecrets(error.action ?? DEFAULT_ACTION[error.code] ?? '') || undefined,
			actions: ACTIONS_BY_CODE[error.code] ?? ['retry'],
		};
	}
	return {
		code: 'Unknown',
		message: 'The request failed unexpectedly.',
		action: 'Retry; if it keeps failing, see the "Bedrock Connect" output channel.',
		actions: ['retry'],
	};
}

/** Text for the transient line under a reply while the service retries by itself. */
export function retryingText(reason: 'credentialsRefreshed' | 'throttled', attempt: number, delayMs?: number): string {
	if (reason === 'credentialsRefreshed') {
		return 'Credentials refreshed; sending again…';
	}
	const wait = delayMs === undefined ? '' : ` in ${Math.max(1, Math.round(delayMs / 1000))} s`;
	return `Throttled by Bedrock; waiting to retry${wait} (attempt ${attempt})…`;
}
