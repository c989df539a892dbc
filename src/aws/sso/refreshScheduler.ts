// Proactive token refresh on a timer, one timer per token: the AWS Toolkit refreshes only on
// use, so idle users get re-prompted. A newer schedule or a cancel replaces the old timer.
import type { Clock, Logger } from '../ports';
import { isCancellation } from '../errors';
import { shortReason } from '../errorMapping';

/** Where a token's pending timer is kept (the manager's per-token entry). */
export interface TimerSlot {
	timer?: AbortController;
}

export class RefreshScheduler {
	constructor(
		private readonly _clock: Clock,
		private readonly _logger: Logger,
	) {}

	/** Runs `refresh` after `waitMs` unless cancelled or rescheduled first. */
	schedule(slot: TimerSlot, waitMs: number, refresh: () => Promise<unknown>): void {
		this.cancel(slot);
		const controller = new AbortController();
		slot.timer = controller;
		this._clock
			.sleep(waitMs, controller.signal)
			.then(async () => {
				if (slot.timer !== controller) {
					return;
				}
				slot.timer = undefined;
				await refresh();
			})
			.catch((error: unknown) => {
				if (!isCancellation(error)) {
					this._logger.debug(`[sso] background refresh did not succeed: ${shortReason(error)}`);
				}
			});
	}

	cancel(slot: TimerSlot): void {
		slot.timer?.abort();
		slot.timer = undefined;
	}
}
