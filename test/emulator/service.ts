// What every emulated service provides to the dispatcher: how it recognises its calls, and
// how it phrases the throttling and failure errors that faults inject.
import type { EmulatorRequest, Reply } from './http';
import type { EmulatorState } from './state';
import type { RecordedRequest } from './types';

export interface CallContext {
	state: EmulatorState;
	/** What lastRequest() will show; handlers add the auth details they learn. */
	record: RecordedRequest;
}

export interface RoutedCall {
	/** e.g. 'sts:AssumeRole'. */
	operation: string;
	params: Record<string, unknown>;
	handle(context: CallContext): Promise<Reply>;
}

export interface EmulatedService {
	route(request: EmulatorRequest): RoutedCall | undefined;
	throttled(operation: string): Reply;
	failed(status: number, operation: string): Reply;
}
