// Routes one request to the emulated service that owns it, counting and recording the call and
// applying any armed delay or failure before the service answers.
import { type EmulatorRequest, type Reply, jsonReply } from './http';
import type { EmulatedService } from './service';
import type { EmulatorState } from './state';
import type { RecordedRequest } from './types';

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function dispatchToService(state: EmulatorState, services: readonly EmulatedService[], request: EmulatorRequest): Promise<Reply | undefined> {
	for (const service of services) {
		const call = service.route(request);
		if (!call) {
			continue;
		}
		state.count(call.operation);
		const record: RecordedRequest = {
			operation: call.operation,
			method: request.method,
			path: request.rawPath,
			headers: { ...request.headers },
			params: call.params,
			auth: 'none',
			at: new Date(state.now()),
		};
		state.lastRequests.set(call.operation, record);
		const delayMs = state.faults.takeDelay(call.operation);
		if (delayMs !== undefined) {
			await sleep(delayMs);
		}
		const fault = state.faults.takeFailure(call.operation);
		const reply = fault
			? fault.kind === 'throttle'
				? service.throttled(call.operation)
				: service.failed(fault.status, call.operation)
			: await call.handle({ state, record });
		state.log(`${call.operation} ${reply.status}${fault ? ` (injected ${fault.kind})` : ''}`);
		return reply;
	}
	return undefined;
}

export function notFound(request: EmulatorRequest): Reply {
	return jsonReply(404, { message: `The emulator has no route for ${request.method} ${request.rawPath}` }, { 'x-amzn-errortype': 'UnknownOperationException' });
}
