// One fake-model reply planned before anything is sent: its content blocks in Bedrock's order
// (reasoning, text, tool calls) cut into deltas, the stop reason, and the usage to report.
import type { ChosenReply } from '../replies';
import { chunkText } from '../replies';
import type { ToolUseBlock } from './contentBlocks';

export type PlannedBlock =
	| { kind: 'reasoning'; deltas: string[]; signature: string }
	| { kind: 'redactedReasoning'; data: string }
	| { kind: 'text'; deltas: string[] }
	| { kind: 'toolUse'; use: ToolUseBlock; deltas: string[] };

export type StopReason = 'end_turn' | 'max_tokens' | 'tool_use' | 'guardrail_intervened';

export interface Usage {
	inputTokens: number;
	outputTokens: number;
	totalTokens: number;
	cacheReadInputTokens?: number;
	cacheWriteInputTokens?: number;
}

export interface PlannedReply {
	reply: ChosenReply;
	blocks: PlannedBlock[];
	stopReason: StopReason;
	usage: Usage;
	/** Wait before the first delta (prefill of the uncached and cached input). */
	prefillMs: number;
	/** Extra members of the response / the stream's metadata event (trace, serviceTier, performanceConfig). */
	metadata: Record<string, unknown>;
	/** Extra members of the response / messageStop (additionalModelResponseFields). */
	stopExtras: Record<string, unknown>;
}

export function deltaCount(block: PlannedBlock): number {
	return block.kind === 'redactedReasoning' ? 1 : block.deltas.length;
}

/** Text first (when there is any, or when nothing else is said), then one block per tool call. */
export function answerBlocks(text: string, toolUses: readonly ToolUseBlock[], chunkChars: number): PlannedBlock[] {
	const blocks: PlannedBlock[] = [];
	if (text.length > 0 || toolUses.length === 0) {
		blocks.push({ kind: 'text', deltas: chunkText(text, chunkChars) });
	}
	for (const use of toolUses) {
		blocks.push({ kind: 'toolUse', use, deltas: chunkText(JSON.stringify(use.input ?? {}), chunkChars) });
	}
	return blocks;
}

/** Cuts the reply after `maxTokens` deltas (a delta is the emulator's output token). */
export function truncate(blocks: PlannedBlock[], maxTokens: unknown): { blocks: PlannedBlock[]; truncated: boolean } {
	if (typeof maxTokens !== 'number' || maxTokens <= 0) {
		return { blocks, truncated: false };
	}
	let budget = maxTokens;
	const kept: PlannedBlock[] = [];
	let truncated = false;
	for (const block of blocks) {
		const count = deltaCount(block);
		if (count <= budget) {
			kept.push(block);
			budget -= count;
			continue;
		}
		truncated = true;
		if (budget > 0 && block.kind !== 'redactedReasoning') {
			kept.push({ ...block, deltas: block.deltas.slice(0, budget) } as PlannedBlock);
		}
		break;
	}
	return { blocks: kept, truncated };
}

export function outputTokens(blocks: readonly PlannedBlock[]): number {
	return blocks.reduce((sum, block) => sum + deltaCount(block), 0);
}
