// Turns what the AWS SDK throws during a Bedrock call into a BedrockConnectError that says
// what happened and what to do. Pure: a data table keyed on the SDK error's name.

import { BedrockConnectError, isBedrockConnectError, isCancellation, type ErrorCode } from '../errors';
import { redactSecrets } from '../redaction';
import { BAD_SIGNATURE_NAMES, EXPIRED_CREDENTIAL_NAMES, NETWORK_CODES, THROTTLING_NAMES, UNKNOWN_CREDENTIAL_NAMES } from '../errorNames';
import { networkProblem } from '../errorMapping';
import type { NetworkSettings } from '../network';

/** What the classifier knows about the call that failed, to write a useful message. */
export interface CallContext {
	/** Model id, profile id or ARN; absent for control-plane calls. */
	modelId?: string;
	region: string;
	/** What was being done, e.g. "streaming a reply" or "listing models". */
	operation: string;
	/** 'bearer' when signed in with a Bedrock API key: an auth failure cannot be fixed by refreshing. */
	authMode: 'sigv4' | 'bearer';
	/** The CA bundle and proxy the call used: tells a failing proxy from a failing service. */
	network?: NetworkSettings;
}

interface ErrorLike {
	name?: string;
	code?: string;
	message?: string;
	$metadata?: { httpStatusCode?: number };
	$fault?: 'client' | 'server';
}

function asErrorLike(e: unknown): ErrorLike {
	return typeof e === 'object' && e !== null ? (e as ErrorLike) : { message: String(e) };
}

/**
 * True when the request failed because the signing credentials are stale, so refreshing them
 * and sending again has a real chance of working. A bad signature only counts when AWS says the
 * reason is expiry; otherwise it is a clock or code problem that a refresh will not fix.
 */
export function isExpiredCredentialError(e: unknown): boolean {
	if (isBedrockConnectError(e)) return false;
	const err = asErrorLike(e);
	const name = err.name ?? '';
	if (EXPIRED_CREDENTIAL_NAMES.has(name) || UNKNOWN_CREDENTIAL_NAMES.has(name)) return true;
	if (BAD_SIGNATURE_NAMES.has(name)) {
		return /expired/i.test(err.message ?? '');
	}
	return false;
}

/** Bedrock answers a token quota with ServiceQuotaExceededException: throttling for the chat. */
const BEDROCK_THROTTLING_NAMES: ReadonlySet<string> = new Set([...THROTTLING_NAMES, 'ServiceQuotaExceededException']);

/** True for a throttling answer (by name, or an unnamed 429). */
export function isThrottlingError(e: unknown): boolean {
	if (e === undefined || e === null) return false;
	const err = asErrorLike(e);
	return BEDROCK_THROTTLING_NAMES.has(err.name ?? '') || err.$metadata?.httpStatusCode === 429;
}

export function isNetworkError(e: unknown): boolean {
	const err = asErrorLike(e);
	if (err.$metadata?.httpStatusCode !== undefined && err.$fault !== undefined) return false; // the service answered
	return NETWORK_CODES.has(err.code ?? '') || NETWORK_CODES.has(err.name ?? '') || err.name === 'TimeoutError';
}

/** "Invocation of model ID … with on-demand throughput isn’t supported" (note AWS's typographic apostrophe). */
export function isOnDemandNotSupported(message: string | undefined): boolean {
	return /on-demand throughput isn.t supported/i.test(message ?? '') || /on-demand throughput is not supported/i.test(message ?? '');
}

/** Geography prefix AWS uses for system-defined cross-region inference profiles in a region. */
export function crossRegionPrefix(region: string): string {
	if (region.startsWith('us-gov-')) return 'us-gov';
	if (region.startsWith('us-') || region.startsWith('ca-')) return 'us';
	if (region.startsWith('eu-')) return 'eu';
	if (region.startsWith('ap-')) return 'apac';
	return 'us';
}

const PROFILE_PREFIXES = ['us-gov.', 'us.', 'eu.', 'apac.', 'jp.', 'au.', 'ca.', 'global.'];

/** The inference-profile id to suggest for a bare foundation-model id (unchanged if it already is a profile or an ARN). */
export function suggestedProfileId(modelId: string, region: string): string {
	if (modelId.startsWith('arn:') || PROFILE_PREFIXES.some((p) => modelId.startsWith(p))) return modelId;
	return `${crossRegionPrefix(region)}.${modelId}`;
}

function serviceMessage(err: ErrorLike): string {
	const message = redactSecrets((err.message ?? '').trim());
	return message ? ` AWS said: “${message.replace(/\.$/, '')}.”` : '';
}

type Classifier = (err: ErrorLike, ctx: CallContext) => BedrockConnectError;

function make(code: ErrorCode, message: string, action: string, cause: unknown): BedrockConnectError {
	return new BedrockConnectError(code, message, { action, cause: scrubCause(cause) });
}

/** Keeps the error's name, status and message for the log, and nothing else (no request, no headers). */
function scrubCause(cause: unknown): unknown {
	const err = asErrorLike(cause);
	const scrubbed = new Error(redactSecrets(err.message ?? ''));
	scrubbed.name = err.name ?? 'Error';
	return scrubbed;
}

function modelLabel(ctx: CallContext): string {
	return ctx.modelId ?? 'this model';
}

const throttled: Classifier = (err, ctx) =>
	make(
		'Throttled',
		`Bedrock is throttling requests for ${modelLabel(ctx)} (quota).${serviceMessage(err)}`,
		'Wait a moment and retry; consider a cross-region inference profile or a quota increase.',
		err,
	);

const serviceError: Classifier = (err, ctx) =>
	make(
		'ServiceError',
		`Bedrock failed while ${ctx.operation}${ctx.modelId ? ` with ${ctx.modelId}` : ''} in ${ctx.region}.${serviceMessage(err)}`,
		'Retry in a moment; if it keeps failing, try another model or region.',
		err,
	);

const accessDenied: Classifier = (err, ctx) =>
	ctx.modelId
		? make(
				'ModelAccessDenied',
				`You don't have access to ${ctx.modelId} in ${ctx.region}.${serviceMessage(err)}`,
				`In the Amazon Bedrock console for ${ctx.region}, open "Model access" and request access to this model; also check that your role allows bedrock:InvokeModelWithResponseStream on it.`,
				err,
			)
		: make(
				'AccessDenied',
				`Your identity is not allowed to do this in Bedrock (${ctx.operation}, ${ctx.region}).${serviceMessage(err)}`,
				'Ask your administrator for the missing Bedrock permission, or sign in with another role.',
				err,
			);

const validation: Classifier = (err, ctx) => {
	if (isOnDemandNotSupported(err.message) && ctx.modelId) {
		const profile = suggestedProfileId(ctx.modelId, ctx.region);
		return make(
			'ModelNotReady',
			`${ctx.modelId} cannot be invoked on demand in ${ctx.region}; it needs an inference profile.`,
			`Use the inference profile ${profile} (pick the "cross-region" entry in the model picker).`,
			err,
		);
	}
	return make(
		'Validation',
		`Bedrock rejected the request${ctx.modelId ? ` for ${ctx.modelId}` : ''}.${serviceMessage(err)}`,
		'Check the model id and the chat settings (max tokens, temperature); this will not succeed by retrying as is.',
		err,
	);
};

const modelNotReady: Classifier = (err, ctx) =>
	make(
		'ModelNotReady',
		`${modelLabel(ctx)} is not ready to serve requests yet.${serviceMessage(err)}`,
		'Wait a minute and retry.',
		err,
	);

const notFound: Classifier = (err, ctx) =>
	make(
		'Validation',
		`Bedrock does not know ${modelLabel(ctx)} in ${ctx.region}.${serviceMessage(err)}`,
		'Pick a model from "Bedrock: Select Model…", or check the region.',
		err,
	);

const credentialsRejected: Classifier = (err, ctx) =>
	ctx.authMode === 'bearer'
		? make(
				'SignInRequired',
				'AWS rejected the Bedrock API key (expired or revoked).',
				'Sign in again with a new Bedrock API key.',
				err,
			)
		: make(
				'SignInRequired',
				'AWS rejected the credentials even after refreshing them.',
				'Sign in again, then retry.',
				err,
			);

/** SDK error name → classifier. Names cover both modelled exceptions and unmodelled auth errors. */
const BY_NAME: Record<string, Classifier> = {
	ThrottlingException: throttled,
	TooManyRequestsException: throttled,
	ServiceQuotaExceededException: throttled,
	AccessDeniedException: accessDenied,
	ValidationException: validation,
	ModelNotReadyException: modelNotReady,
	ResourceNotFoundException: notFound,
	InternalServerException: serviceError,
	ServiceUnavailableException: serviceError,
	ModelErrorException: serviceError,
	ModelStreamErrorException: serviceError,
	ModelTimeoutException: serviceError,
	ConflictException: serviceError,
	...Object.fromEntries([...EXPIRED_CREDENTIAL_NAMES, ...UNKNOWN_CREDENTIAL_NAMES].map((name) => [name, credentialsRejected])),
};

/** Maps anything thrown by a Bedrock SDK call to a BedrockConnectError. BedrockConnectErrors pass through. */
export function classifyBedrockError(e: unknown, ctx: CallContext): BedrockConnectError {
	if (isBedrockConnectError(e)) return e;
	const err = asErrorLike(e);
	// The user pressed Stop (or the request was aborted for another reason).
	if (isCancellation(e)) {
		return make('Cancelled', 'Stopped.', 'Send the message again to get a reply.', e);
	}
	// An untrusted certificate, a bad CA bundle or a refusing proxy: say which, not "could not reach".
	const problem = networkProblem(e, ctx.network);
	if (problem) {
		return make(problem.code, problem.message, problem.action ?? '', e);
	}
	if (isNetworkError(e)) {
		return make(
			'Network',
			`Could not reach Bedrock in ${ctx.region} (${err.code ?? err.name ?? 'network error'}).`,
			'Check your network, proxy or VPN, then retry.',
			e,
		);
	}
	const byName = BY_NAME[err.name ?? ''];
	if (byName) return byName(err, ctx);
	if (BAD_SIGNATURE_NAMES.has(err.name ?? '') && isExpiredCredentialError(e)) {
		return credentialsRejected(err, ctx);
	}
	const status = err.$metadata?.httpStatusCode;
	if (status === 429) return throttled(err, ctx);
	if (status !== undefined && status >= 500) return serviceError(err, ctx);
	if (status === 403) return accessDenied(err, ctx);
	if (status === 400) return validation(err, ctx);
	return make(
		'Unknown',
		`Something went wrong while ${ctx.operation}: ${redactSecrets(err.message ?? String(e))}`,
		'Retry; if it keeps happening, check the "Bedrock Connect" output for details.',
		e,
	);
}
