// Hand-written fakes for the chat's side of Bedrock: a BedrockService whose reply a test
// scripts, a Connection that is only an identity, and timers a test advances by hand.
import type { BedrockService, ConverseRequest, ConverseResult, ModelCatalogue, StreamEvent } from '../../src/aws/bedrock/bedrockTypes';
import type { Connection } from '../../src/aws/engineTypes';
import type { Timers } from '../../src/vscode/chat/deltaBatcher';

export type ReplyScript = (request: ConverseRequest, options: { signal: AbortSignal; onEvent: (event: StreamEvent) => void }) => Promise<ConverseResult>;

export interface FakeBedrockService extends BedrockService {
	readonly requests: ConverseRequest[];
}

export function fakeBedrockService(reply: ReplyScript, catalogue: ModelCatalogue = { models: [], warnings: [] }): FakeBedrockService {
	const requests: ConverseRequest[] = [];
	return {
		requests,
		listModels: async () => catalogue,
		converseStream: (request, options) => {
			requests.push(request);
			return reply(request, options);
		},
		dispose: () => undefined,
	};
}

/** A reply that sends `texts` one by one, then ends normally. */
export function replyWith(texts: string[], result: ConverseResult = { stopReason: 'end_turn' }): ReplyScript {
	return async (_request, { onEvent }) => {
		for (const text of texts) {
			onEvent({ type: 'text', text });
		}
		return result;
	};
}

/** Resolves once `signal` aborts, as the real service does after Stop. */
export function untilAborted(signal: AbortSignal): Promise<void> {
	return signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

export function fakeConnection(region = 'us-east-1'): Connection {
	return { region } as unknown as Connection;
}

/** Timers that fire only when the test says so. */
export class ManualTimers implements Timers {
	private pending = new Map<number, () => void>();
	private next = 0;

	set(callback: () => void): unknown {
		const handle = ++this.next;
		this.pending.set(handle, callback);
		return handle;
	}

	clear(handle: unknown): void {
		this.pending.delete(handle as number);
	}

	/** Fires every timer set so far (not the ones they set). */
	fireAll(): void {
		const due = [...this.pending.values()];
		this.pending.clear();
		due.forEach((run) => run());
	}
}
