// A planned reply as Bedrock sends it: the Converse JSON body, or ConverseStream's event frames
// (contentBlockStart for tool calls, deltas, stops, messageStop, metadata), honouring the
// per-delta delay, client aborts and the stream faults tests arm.
import { eventFrame, exceptionFrame } from '../eventStream';
import type { StreamFault } from '../faults';
import type { Reply, StreamSink } from '../http';
import { restJsonResult } from '../protocols';
import type { PlannedBlock, PlannedReply } from './replyPlan';

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function contentOf(block: PlannedBlock): Record<string, unknown> {
	switch (block.kind) {
		case 'reasoning':
			return { reasoningContent: { reasoningText: { text: block.deltas.join(''), signature: block.signature } } };
		case 'redactedReasoning':
			return { reasoningContent: { redactedContent: block.data } };
		case 'text':
			return { text: block.deltas.join('') };
		case 'toolUse':
			return { toolUse: { toolUseId: block.use.toolUseId, name: block.use.name, input: block.use.input ?? {} } };
	}
}

/** Converse waits out the prefill only: the delay between deltas is a streaming knob. */
export async function converseBody(plan: PlannedReply, startedAt: number): Promise<Reply> {
	if (plan.prefillMs > 0) {
		await sleep(plan.prefillMs);
	}
	return restJsonResult({
		output: { message: { role: 'assistant', content: plan.blocks.map(contentOf) } },
		stopReason: plan.stopReason,
		usage: plan.usage,
		metrics: { latencyMs: Math.max(1, Date.now() - startedAt) },
		...plan.stopExtras,
		...plan.metadata,
	});
}

/** The deltas of one block as ContentBlockDelta members, then what follows the last one. */
function deltasOf(block: PlannedBlock): Array<Record<string, unknown>> {
	switch (block.kind) {
		case 'reasoning':
			return [...block.deltas.map((text) => ({ reasoningContent: { text } })), { reasoningContent: { signature: block.signature } }];
		case 'redactedReasoning':
			return [{ reasoningContent: { redactedContent: block.data } }];
		case 'text':
			return block.deltas.map((text) => ({ text }));
		case 'toolUse':
			return block.deltas.map((input) => ({ toolUse: { input } }));
	}
}

export interface StreamControls {
	fault: StreamFault | undefined;
	/** Delay before every delta but the first (the emulator's per-token delay). */
	delayMs: () => number;
	/** Called when a fault breaks the reply off (the queued reply goes back). */
	onBrokenOff: () => void;
	exceptionPayload: (type: string) => Record<string, unknown>;
}

export function converseStreamBody(plan: PlannedReply, controls: StreamControls, startedAt: number): Reply {
	const { fault } = controls;
	const total = plan.blocks.reduce((sum, block) => sum + deltasOf(block).length, 0);
	const breakAt = fault ? Math.min(fault.afterDeltas, total) : -1;
	const breakOff = async (sink: StreamSink) => {
		controls.onBrokenOff();
		if (fault?.kind === 'reset') {
			sink.destroy();
		} else if (fault) {
			await sink.write(exceptionFrame(fault.type, controls.exceptionPayload(fault.type)));
		}
	};
	return {
		status: 200,
		headers: { 'content-type': 'application/vnd.amazon.eventstream' },
		async stream(sink) {
			if (plan.prefillMs > 0) {
				await sleep(plan.prefillMs);
			}
			await sink.write(eventFrame('messageStart', { role: 'assistant' }));
			let sent = 0;
			for (let index = 0; index < plan.blocks.length; index++) {
				const block = plan.blocks[index];
				if (block.kind === 'toolUse') {
					await sink.write(eventFrame('contentBlockStart', { contentBlockIndex: index, start: { toolUse: { toolUseId: block.use.toolUseId, name: block.use.name } } }));
				}
				for (const delta of deltasOf(block)) {
					if (fault && sent === breakAt) {
						return breakOff(sink);
					}
					if (sink.closed) {
						return; // the client went away (abort): stop like Bedrock does
					}
					const delayMs = controls.delayMs();
					if (delayMs > 0 && sent > 0) {
						await sleep(delayMs);
					}
					await sink.write(eventFrame('contentBlockDelta', { contentBlockIndex: index, delta }));
					sent++;
				}
				if (index === plan.blocks.length - 1 && fault) {
					return breakOff(sink);
				}
				await sink.write(eventFrame('contentBlockStop', { contentBlockIndex: index }));
			}
			await sink.write(eventFrame('messageStop', { stopReason: plan.stopReason, ...plan.stopExtras }));
			await sink.write(eventFrame('metadata', { usage: plan.usage, metrics: { latencyMs: Math.max(1, Date.now() - startedAt) }, ...plan.metadata }));
		},
	};
}
