// The control surface over HTTP, for a standalone emulator driven from another process:
// POST /__emulator/<operation> with the arguments as JSON, GET /__emulator/counters.
// Success: 200 with the operation's result as JSON (null for none); failure: 400 {error}.
import { type EmulatorRequest, type Reply, jsonReply } from './http';
import type { EmulatorControl } from './types';

export const ADMIN_PREFIX = '/__emulator/';

/** Parameter names of each operation, so an object body can name positional arguments. */
const PARAMETERS: { [Operation in keyof EmulatorControl]: string[] } = {
	createAccessKey: ['options'],
	createTemporaryKeys: ['options'],
	createBedrockApiKey: [],
	createApplicationInferenceProfile: ['options'],
	createGuardrail: ['options'],
	approveDeviceCode: ['userCode'],
	denyNextDeviceCode: [],
	slowDownNextPolls: ['n'],
	expireDeviceCodes: [],
	deviceAuthorizations: [],
	revokeRefreshTokens: [],
	expireAllCredentials: [],
	setLifetimes: ['lifetimes'],
	throttle: ['operation', 'n'],
	failWith: ['operation', 'status', 'n'],
	delay: ['operation', 'ms', 'n'],
	resetStream: ['n', 'afterDeltas'],
	streamException: ['type', 'n', 'afterDeltas'],
	clockSkewSeconds: ['seconds'],
	clearFaults: [],
	reset: [],
	setNextReplies: ['texts'],
	setReplyLength: ['words'],
	setTokenDelays: ['delays'],
	setCacheMinimumTokens: ['tokens'],
	setContextWindow: ['tokens'],
	counters: [],
	resetCounters: [],
	issuedSecrets: [],
	lastRequest: ['operation'],
};

/** Operations whose single parameter is an options object: the whole body is that object. */
const OPTIONS_OBJECT = new Set(['options', 'lifetimes', 'delays']);

function argumentsFrom(parameters: string[], body: unknown): unknown[] {
	if (Array.isArray(body)) {
		return body;
	}
	if (body === undefined || body === null) {
		return [];
	}
	if (parameters.length === 1 && OPTIONS_OBJECT.has(parameters[0])) {
		return [body];
	}
	const named = body as Record<string, unknown>;
	return parameters.map((name) => named[name]);
}

function isOperation(name: string): name is keyof EmulatorControl {
	return Object.prototype.hasOwnProperty.call(PARAMETERS, name);
}

export function handleAdmin(control: EmulatorControl, request: EmulatorRequest): Reply {
	const name = request.rawPath.slice(ADMIN_PREFIX.length);
	if (!isOperation(name)) {
		return jsonReply(404, { error: `Unknown emulator operation: ${name}` });
	}
	if (request.method !== 'POST' && !(request.method === 'GET' && PARAMETERS[name].length === 0)) {
		return jsonReply(405, { error: 'Use POST (GET only for operations without arguments)' });
	}
	let body: unknown;
	try {
		body = request.body.length > 0 ? JSON.parse(request.body.toString('utf8')) : undefined;
	} catch {
		return jsonReply(400, { error: 'The body must be JSON' });
	}
	try {
		const operation = control[name] as (...args: unknown[]) => unknown;
		// JSON has no undefined: a null argument means "not given", so defaults apply.
		const result = operation(...argumentsFrom(PARAMETERS[name], body).map((arg) => (arg === null ? undefined : arg)));
		return jsonReply(200, result ?? null);
	} catch (error) {
		return jsonReply(400, { error: error instanceof Error ? error.message : String(error) });
	}
}
