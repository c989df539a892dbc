// Counts the credential endpoint's requests by outcome and logs the counts once per interval
// (only when there were any): what a user needs to see that terminals use the sign-in, never a credential.
import type { Logger } from '../ports';

export type RequestOutcome = 'served' | 'signedOut' | 'failed' | 'unauthorized' | 'forbidden' | 'badHost' | 'badMethod' | 'notFound';

export class RequestTally {
	private counts = new Map<RequestOutcome, number>();
	private readonly timer: NodeJS.Timeout;

	constructor(
		private readonly logger: Logger,
		intervalMs: number,
	) {
		this.timer = setInterval(() => this.flush(), intervalMs);
		this.timer.unref();
	}

	count(outcome: RequestOutcome): void {
		this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
	}

	/** Logs and resets the counts; nothing when there were no requests. */
	flush(): void {
		if (this.counts.size === 0) {
			return;
		}
		const parts = [...this.counts].map(([outcome, n]) => `${outcome} ${n}`);
		this.counts = new Map();
		this.logger.info(`credential requests in the last interval: ${parts.join(', ')}`);
	}

	stop(): void {
		clearInterval(this.timer);
		this.flush();
	}
}
