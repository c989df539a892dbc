// How a reply's cost and the conversation's total read. A reply without a known price makes
// the total a lower bound, said as such: never a number that silently leaves a reply out.
import type { ChatMessage, CostView } from '../../src/shared/protocol';

export const UNKNOWN_PRICE = 'unknown price';

export function formatUsd(usd: number): string {
	return usd >= 1 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(4)}`;
}

export function formatCost(cost: CostView | undefined): string {
	if (!cost) {
		return '';
	}
	return 'usd' in cost ? formatUsd(cost.usd) : UNKNOWN_PRICE;
}

/** "reply $0.0123 · chat $0.0456"; "chat ≥ $0.0100 (some replies have an unknown price)"; '' before any cost. */
export function conversationCostText(messages: readonly Pick<ChatMessage, 'role' | 'cost'>[]): string {
	const costs = messages.filter((m) => m.role === 'assistant' && m.cost).map((m) => m.cost as CostView);
	if (costs.length === 0) {
		return '';
	}
	const last = costs[costs.length - 1];
	const known = costs.reduce((sum, c) => sum + ('usd' in c ? c.usd : 0), 0);
	const anyUnknown = costs.some((c) => !('usd' in c));
	const total = anyUnknown ? `chat ≥ ${formatUsd(known)} (some replies have an unknown price)` : `chat ${formatUsd(known)}`;
	return `reply ${formatCost(last)} · ${total}`;
}
