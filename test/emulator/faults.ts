// Faults tests arm for the next N matching calls: throttling, error statuses, delays, and
// ConverseStream replies that break off mid-stream.
import type { OperationPattern, StreamExceptionType } from './types';

export type CallFault = { kind: 'throttle' } | { kind: 'fail'; status: number };

export type StreamFault =
	| { kind: 'reset'; afterDeltas: number }
	| { kind: 'exception'; type: StreamExceptionType; afterDeltas: number };

interface Armed<T> {
	operation: OperationPattern;
	remaining: number;
	fault: T;
}

function matches(pattern: OperationPattern, operation: string): boolean {
	return pattern === '*' || pattern === operation;
}

/** Takes one use of the first armed fault that matches, dropping it once used up. */
function take<T>(list: Armed<T>[], operation: string): T | undefined {
	const index = list.findIndex((armed) => matches(armed.operation, operation));
	if (index < 0) {
		return undefined;
	}
	const armed = list[index];
	armed.remaining--;
	if (armed.remaining <= 0) {
		list.splice(index, 1);
	}
	return armed.fault;
}

function count(n: number | undefined): number {
	const value = n ?? 1;
	if (!Number.isInteger(value) || value < 1) {
		throw new Error(`A fault count must be a positive integer, not ${String(n)}`);
	}
	return value;
}

export class FaultPlan {
	private readonly delays: Armed<number>[] = [];
	private readonly failures: Armed<CallFault>[] = [];
	private readonly streamFaults: Armed<StreamFault>[] = [];
	skewMs = 0;

	throttle(operation: OperationPattern, n?: number): void {
		this.failures.push({ operation, remaining: count(n), fault: { kind: 'throttle' } });
	}

	failWith(operation: OperationPattern, status: number, n?: number): void {
		if (!Number.isInteger(status) || status < 400 || status > 599) {
			throw new Error(`failWith needs an HTTP error status (400-599), not ${String(status)}`);
		}
		this.failures.push({ operation, remaining: count(n), fault: { kind: 'fail', status } });
	}

	delay(operation: OperationPattern, ms: number, n?: number): void {
		this.delays.push({ operation, remaining: count(n), fault: Math.max(0, ms) });
	}

	resetStream(n?: number, afterDeltas = 0): void {
		this.streamFaults.push({ operation: 'bedrock:ConverseStream', remaining: count(n), fault: { kind: 'reset', afterDeltas } });
	}

	streamException(type: StreamExceptionType, n?: number, afterDeltas = 0): void {
		this.streamFaults.push({ operation: 'bedrock:ConverseStream', remaining: count(n), fault: { kind: 'exception', type, afterDeltas } });
	}

	takeDelay(operation: string): number | undefined {
		return take(this.delays, operation);
	}

	takeFailure(operation: string): CallFault | undefined {
		return take(this.failures, operation);
	}

	takeStreamFault(operation: string): StreamFault | undefined {
		return take(this.streamFaults, operation);
	}

	clear(): void {
		this.delays.length = 0;
		this.failures.length = 0;
		this.streamFaults.length = 0;
		this.skewMs = 0;
	}
}
