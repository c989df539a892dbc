import * as assert from 'node:assert/strict';
import { BedrockConnectError, type ErrorCode } from '../../../../src/aws/errors';
import {
	classifyBedrockError,
	isExpiredCredentialError,
	isThrottlingError,
	suggestedProfileId,
	type CallContext,
} from '../../../../src/aws/bedrock/errorClassification';

function sdkError(name: string, message: string, status?: number, fault: 'client' | 'server' = 'client') {
	return Object.assign(new Error(message), {
		name,
		$fault: fault,
		...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }),
	});
}

function networkError(code: string) {
	return Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });
}

const streaming: CallContext = { modelId: 'anthropic.claude-sonnet-4-20250514-v1:0', region: 'us-east-1', operation: 'streaming a reply', authMode: 'sigv4' };
const listing: CallContext = { region: 'eu-west-1', operation: 'listing models', authMode: 'sigv4' };

describe('classifyBedrockError', () => {
	const table: Array<[string, unknown, CallContext, ErrorCode]> = [
		['throttling after the SDK retries', sdkError('ThrottlingException', 'Too many tokens, please wait before trying again.', 429), streaming, 'Throttled'],
		['service quota exceeded', sdkError('ServiceQuotaExceededException', 'quota', 400), streaming, 'Throttled'],
		['an unnamed 429', sdkError('Unknown', 'slow down', 429), streaming, 'Throttled'],
		['model access denied', sdkError('AccessDeniedException', "You don't have access to the model with the specified model ID.", 403), streaming, 'ModelAccessDenied'],
		['listing denied', sdkError('AccessDeniedException', 'not authorized', 403), listing, 'AccessDenied'],
		[
			'on-demand throughput not supported',
			sdkError('ValidationException', 'Invocation of model ID anthropic.claude-sonnet-4-20250514-v1:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.', 400),
			streaming,
			'ModelNotReady',
		],
		['model not ready', sdkError('ModelNotReadyException', 'not ready', 429), streaming, 'ModelNotReady'],
		['invalid model id', sdkError('ValidationException', 'The provided model identifier is invalid.', 400), streaming, 'Validation'],
		['unknown model', sdkError('ResourceNotFoundException', 'Model not found', 404), streaming, 'Validation'],
		['internal error', sdkError('InternalServerException', 'oops', 500, 'server'), streaming, 'ServiceError'],
		['service unavailable', sdkError('ServiceUnavailableException', 'down', 503, 'server'), streaming, 'ServiceError'],
		['model stream error mid-stream', sdkError('ModelStreamErrorException', 'model crashed', 424), streaming, 'ServiceError'],
		['expired token that survived a refresh', sdkError('ExpiredTokenException', 'The security token included in the request is expired', 403), streaming, 'SignInRequired'],
		['unrecognised client', sdkError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403), streaming, 'SignInRequired'],
		['connection refused', networkError('ECONNREFUSED'), streaming, 'Network'],
		['DNS failure', networkError('ENOTFOUND'), streaming, 'Network'],
		['HTTP/2 failure', networkError('ERR_HTTP2_STREAM_CANCEL'), streaming, 'Network'],
		['abort', Object.assign(new Error('Request aborted'), { name: 'AbortError' }), streaming, 'Cancelled'],
		['something else', new Error('weird'), streaming, 'Unknown'],
	];
	for (const [what, error, ctx, code] of table) {
		it(`maps ${what} to ${code}, with a message and an action`, () => {
			const result = classifyBedrockError(error, ctx);
			assert.equal(result.code, code);
			assert.ok(result.message.length > 0);
			assert.ok(result.action && result.action.length > 0, 'has an action');
		});
	}

	it('names the model and the quota remedy when throttled', () => {
		const e = classifyBedrockError(sdkError('ThrottlingException', 'Too many requests', 429), streaming);
		assert.match(e.message, /throttling requests for anthropic\.claude-sonnet-4-20250514-v1:0 \(quota\)/);
		assert.equal(e.action, 'Wait a moment and retry; consider a cross-region inference profile or a quota increase.');
	});

	it('tells how to request model access in the right region', () => {
		const e = classifyBedrockError(sdkError('AccessDeniedException', 'denied', 403), { ...streaming, region: 'eu-central-1' });
		assert.match(e.action ?? '', /Bedrock console for eu-central-1.*Model access/);
	});

	it('suggests the matching cross-region profile id for on-demand refusals', () => {
		const e = classifyBedrockError(
			sdkError('ValidationException', "Invocation of model ID x with on-demand throughput isn't supported.", 400),
			{ ...streaming, region: 'eu-west-3' },
		);
		assert.match(e.action ?? '', /eu\.anthropic\.claude-sonnet-4-20250514-v1:0/);
	});

	it('asks for a new API key, not a refresh, when a bearer token is rejected', () => {
		const e = classifyBedrockError(sdkError('UnrecognizedClientException', 'invalid', 403), { ...streaming, authMode: 'bearer' });
		assert.equal(e.code, 'SignInRequired');
		assert.match(e.action ?? '', /API key/);
	});

	it('passes BedrockConnectErrors through unchanged', () => {
		const original = new BedrockConnectError('SignInRequired', 'sign in');
		assert.equal(classifyBedrockError(original, streaming), original);
	});

	it('never repeats an access key id or a long token from the AWS message', () => {
		const e = classifyBedrockError(
			sdkError('AccessDeniedException', `Key ASIAABCDEFGHIJKLMNOP with token ${'x'.repeat(200)} denied`, 403),
			streaming,
		);
		assert.doesNotMatch(e.message, /ASIAABCDEFGHIJKLMNOP/);
		assert.doesNotMatch(e.message, /x{120}/);
		assert.doesNotMatch(String((e.cause as Error).message), /ASIAABCDEFGHIJKLMNOP/);
	});
});

describe('isExpiredCredentialError', () => {
	const table: Array<[string, unknown, boolean]> = [
		['ExpiredTokenException', sdkError('ExpiredTokenException', 'The security token included in the request is expired', 403), true],
		['UnrecognizedClientException', sdkError('UnrecognizedClientException', 'invalid token', 403), true],
		['InvalidClientTokenId', sdkError('InvalidClientTokenId', 'invalid', 403), true],
		['InvalidSignatureException saying expired', sdkError('InvalidSignatureException', 'Signature expired: 20260101T000000Z is now earlier than …', 403), true],
		['InvalidSignatureException for another reason', sdkError('InvalidSignatureException', 'The request signature we calculated does not match', 403), false],
		['AccessDeniedException', sdkError('AccessDeniedException', 'denied', 403), false],
		['ThrottlingException', sdkError('ThrottlingException', 'slow', 429), false],
		['our own SignInRequired', new BedrockConnectError('SignInRequired', 'The security token included in the request is expired'), false],
	];
	for (const [what, error, expected] of table) {
		it(`${expected ? 'refreshes' : 'does not refresh'} for ${what}`, () => assert.equal(isExpiredCredentialError(error), expected));
	}
});

describe('suggestedProfileId', () => {
	const table: Array<[string, string, string]> = [
		['anthropic.claude-3-7-sonnet-20250219-v1:0', 'us-west-2', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0'],
		['anthropic.claude-3-7-sonnet-20250219-v1:0', 'eu-west-1', 'eu.anthropic.claude-3-7-sonnet-20250219-v1:0'],
		['anthropic.claude-3-7-sonnet-20250219-v1:0', 'ap-northeast-1', 'apac.anthropic.claude-3-7-sonnet-20250219-v1:0'],
		['anthropic.claude-3-7-sonnet-20250219-v1:0', 'us-gov-west-1', 'us-gov.anthropic.claude-3-7-sonnet-20250219-v1:0'],
		['us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'eu-west-1', 'us.anthropic.claude-3-7-sonnet-20250219-v1:0'],
		['arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc', 'us-east-1', 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc'],
	];
	for (const [modelId, region, expected] of table) {
		it(`suggests ${expected} for ${modelId} in ${region}`, () => assert.equal(suggestedProfileId(modelId, region), expected));
	}
});

describe('isThrottlingError', () => {
	const table: Array<[string, unknown, boolean]> = [
		['ThrottlingException', sdkError('ThrottlingException', 'Too many requests', 429), true],
		['an unnamed 429', sdkError('Whatever', 'slow', 429), true],
		['ServiceUnavailableException', sdkError('ServiceUnavailableException', 'down', 503, 'server'), false],
		['nothing yet', undefined, false],
	];
	for (const [what, error, expected] of table) {
		it(`${expected ? 'counts' : 'does not count'} ${what} as throttling`, () => assert.equal(isThrottlingError(error), expected));
	}
});
