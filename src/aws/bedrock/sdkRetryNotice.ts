// Lets the chat show "Bedrock is busy, retrying…" while the SDK backs off from throttling on
// its own: a per-command middleware below the SDK's retry loop sees every attempt.

import type { FinalizeRequestMiddleware, MiddlewareStack } from '@smithy/types';
import { isThrottlingError } from './errorClassification';

/**
 * Calls `onThrottledRetry(attempt)` before each SDK retry that follows a throttled attempt.
 * Added to one command's own middleware stack, so concurrent calls never share the counter.
 */
export function announceThrottledRetries<Input extends object, Output extends object>(
	command: { middlewareStack: MiddlewareStack<Input, Output> },
	onThrottledRetry: (attempt: number) => void,
): void {
	let attempt = 0;
	let previousFailure: unknown;
	const middleware: FinalizeRequestMiddleware<Input, Output> = (next) => async (args) => {
		attempt++;
		if (attempt > 1 && isThrottlingError(previousFailure)) onThrottledRetry(attempt);
		try {
			return await next(args);
		} catch (e) {
			previousFailure = e;
			throw e;
		}
	};
	command.middlewareStack.addRelativeTo(middleware, {
		relation: 'after',
		toMiddleware: 'retryMiddleware',
		name: 'bedrockConnectThrottledRetryNotice',
		override: true,
	});
}
