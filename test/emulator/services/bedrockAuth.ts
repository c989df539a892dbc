// Authentication shared by the Bedrock control plane and runtime: SigV4 with signing name
// `bedrock`, or a Bedrock API key as `Authorization: Bearer …`; errors as Bedrock phrases them.
import type { EmulatorRequest, Reply } from '../http';
import { genericErrorName, restJsonError } from '../protocols';
import type { CallContext } from '../service';
import { type AuthFailureReason, verifySigV4 } from '../sigv4';

const AUTH_ERRORS: Record<AuthFailureReason, { status: number; type: string }> = {
	missing: { status: 403, type: 'MissingAuthenticationTokenException' },
	malformed: { status: 400, type: 'IncompleteSignatureException' },
	unknownKey: { status: 403, type: 'UnrecognizedClientException' },
	expired: { status: 403, type: 'ExpiredTokenException' },
	badSignature: { status: 403, type: 'InvalidSignatureException' },
};

/** Undefined when the caller is authentic; otherwise the error reply. */
export async function authenticateBedrock(context: CallContext, request: EmulatorRequest): Promise<Reply | undefined> {
	const { state, record } = context;
	const authorization = request.headers.authorization ?? '';
	const bearer = /^Bearer\s+(\S+)$/i.exec(authorization);
	if (bearer) {
		record.auth = 'bearer';
		return state.bedrockApiKeys.has(bearer[1])
			? undefined
			: restJsonError(403, 'UnrecognizedClientException', { message: 'Authentication failed: Please make sure your API Key is valid.' });
	}
	record.auth = authorization ? 'sigv4' : 'none';
	const outcome = await verifySigV4(request, state.credentials, 'bedrock', state.now());
	record.region = outcome.region;
	record.accessKeyId = outcome.ok ? outcome.key.accessKeyId : outcome.accessKeyId;
	if (outcome.ok) {
		return undefined;
	}
	const error = AUTH_ERRORS[outcome.reason];
	return restJsonError(error.status, error.type, { message: outcome.message });
}

export function bedrockValidation(message: string): Reply {
	return restJsonError(400, 'ValidationException', { message });
}

export function bedrockThrottled(): Reply {
	return restJsonError(429, 'ThrottlingException', { message: 'Too many requests, please wait before trying again.' });
}

export function bedrockFailed(status: number): Reply {
	const type = genericErrorName(status, {
		400: 'ValidationException',
		403: 'AccessDeniedException',
		404: 'ResourceNotFoundException',
		408: 'ModelTimeoutException',
		424: 'ModelErrorException',
		429: 'ThrottlingException',
		503: 'ServiceUnavailableException',
		client: 'ValidationException',
		server: 'InternalServerException',
	});
	return restJsonError(status, type, { message: 'The emulator was told to fail this call.' });
}
