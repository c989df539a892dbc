// Figures only a real VS Code can give, for `npm run bench`: activation in the extension host and
// what the chat webview paints (first/last text, streaming throughput, long tasks, DOM size), with
// the packaged extension in code-server + Chromium against the emulator (zero delay).
// Runs under tsx; writes bench/webview-results.json and prints the same JSON as its last stdout line.
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame } from 'playwright-core';
import { startEmulator } from '../test/emulator';
import {
	byTestId,
	defaultVsixPath,
	eventually,
	quickInput,
	readOutputChannel,
	reloadWorkbench,
	runCommand,
	screenshot,
	startWorkbench,
	statusBarItem,
	waitForText,
	webviewFrame,
	type Workbench,
} from '../test/e2e/harness';
import { callBench, installBenchHelpers } from './webviewPageScripts';

const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const RELOADS = Number(process.env.BENCH_VSCODE_RELOADS ?? 5);
const CHAT_SENDS = Number(process.env.BENCH_VSCODE_SENDS ?? 10);
const LONG_REPLY_WORDS = 20_000;
const HISTORY_TARGET = 1_000;
/** Filling the history stops here and extrapolates, to keep the whole step near four minutes. */
const HISTORY_BUDGET_MS = Number(process.env.BENCH_VSCODE_HISTORY_MS ?? 75_000);

type Section = Record<string, unknown>;

function log(message: string): void {
	process.stderr.write(`  · ${message}\n`);
}

function median(values: number[]): number | null {
	const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
	if (sorted.length === 0) return null;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function percentile(values: number[], p: number): number | null {
	const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
	if (sorted.length === 0) return null;
	return sorted[Math.min(sorted.length - 1, Math.round((p / 100) * (sorted.length - 1)))] as number;
}

const round = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || !Number.isFinite(n) ? null : Math.round(n * 10 ** digits) / 10 ** digits);

/** A section that fails becomes `{ unavailable: why }`: the bench never fails on a number. */
async function section(name: string, measure: () => Promise<Section>, wb?: Workbench): Promise<Section> {
	const started = Date.now();
	try {
		const result = await measure();
		log(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
		return result;
	} catch (error) {
		const why = String((error as Error)?.message ?? error).split('\n')[0] ?? 'failed';
		log(`${name} failed: ${why}`);
		if (wb) log(`screenshot: ${await screenshot(wb.page, `bench ${name}`).catch(() => 'none')}`);
		return { unavailable: why };
	}
}

function activationTimes(wb: Workbench): number[] {
	const text = readOutputChannel(wb.server, 'Bedrock Connect');
	return [...text.matchAll(/activated in ([\d.]+) ms/g)].map((m) => Number(m[1]));
}

/** `activated in X ms` from the extension's own log, once per window (re)load. */
async function measureActivation(wb: Workbench): Promise<Section> {
	const first = await eventually(() => activationTimes(wb).length > 0 && activationTimes(wb), 'the first "activated in" log line');
	const cold = first[0] as number;
	const samples: number[] = [];
	for (let i = 0; i < RELOADS; i++) {
		const before = activationTimes(wb).length;
		await reloadWorkbench(wb.page);
		const after = await eventually(() => {
			const all = activationTimes(wb);
			return all.length > before && all;
		}, 'an "activated in" line after the reload');
		samples.push(after[after.length - 1] as number);
	}
	return { firstWindowMs: round(cold, 1), reloads: samples.length, samplesMs: samples, medianMs: round(median(samples), 1) };
}

async function signIn(wb: Workbench): Promise<void> {
	await runCommand(wb.page, 'AWS: Use Profile…');
	await quickInput.pick(wb.page, /bench/);
	await waitForText(statusBarItem(wb.page), /111111111111/);
}

async function openChat(wb: Workbench): Promise<Frame> {
	await runCommand(wb.page, 'Bedrock: Open Chat');
	const frame = await webviewFrame(wb.page, 'prompt');
	// The HTML is there before the page script runs: wait until the host's first answer (the
	// model list) is shown, so a send is neither lost nor overwritten by the restored draft.
	await eventually(async () => (await byTestId(frame, 'model').locator('option').count()) > 0, 'the chat page to receive its first state');
	await frame.evaluate(installBenchHelpers);
	return frame;
}

interface TimedReply {
	firstMs: number | null;
	lastMs: number;
	status: string;
	chars: number;
	usage: string | null;
}

async function timedSend(chat: Frame, text: string, timeoutMs = 30_000): Promise<TimedReply> {
	const reply = (await chat.evaluate(callBench('timedSend', text, timeoutMs))) as TimedReply;
	if (reply.status !== 'complete') throw new Error(`the reply ended ${reply.status}`);
	return reply;
}

/** Default markdown replies (heading, list, code block) with zero emulator delay; the first send warms up. */
async function measureChat(chat: Frame): Promise<Section> {
	await timedSend(chat, 'Warm-up question');
	const replies: TimedReply[] = [];
	for (let i = 0; i < CHAT_SENDS; i++) replies.push(await timedSend(chat, `Question ${i + 1}: what is Amazon Bedrock?`));
	const first = replies.map((r) => r.firstMs ?? Number.NaN);
	const last = replies.map((r) => r.lastMs);
	const messages = (await chat.evaluate(callBench('messageCount'))) as number;
	const nodes = (await chat.evaluate(callBench('domNodes'))) as number;
	return {
		samples: replies.length,
		replyChars: replies[0]?.chars,
		firstTextP50Ms: round(percentile(first, 50)),
		firstTextP90Ms: round(percentile(first, 90)),
		lastTextP50Ms: round(percentile(last, 50)),
		lastTextP90Ms: round(percentile(last, 90)),
		messagesOnScreen: messages,
		domNodesWithMarkdownReplies: nodes,
	};
}

/**
 * One 20,000-word markdown reply (paragraphs of twelve words): how fast the page shows it, and the
 * long tasks while it streams. Tokens are the emulator's output tokens (one per 12-character delta).
 */
async function measureThroughput(chat: Frame, emulator: Awaited<ReturnType<typeof startEmulator>>): Promise<Section> {
	await byTestId(chat, 'new-chat').click();
	await eventually(async () => (await chat.evaluate(callBench('messageCount'))) === 0, 'an empty transcript');
	emulator.control.setReplyLength(LONG_REPLY_WORDS);
	try {
		await chat.evaluate(callBench('startLongTasks'));
		let reply: TimedReply;
		try {
			reply = await timedSend(chat, 'Write a very long answer.', 120_000);
		} finally {
			// Let a long task that ends with the last render be reported before stopping.
			await chat.waitForTimeout(200);
		}
		const longTasks = (await chat.evaluate(callBench('stopLongTasks'))) as { count: number; longestMs: number; totalMs: number };
		const outputTokens = Number(/out (\d+)/.exec(reply.usage ?? '')?.[1] ?? LONG_REPLY_WORDS);
		const streamingMs = reply.lastMs - (reply.firstMs ?? 0);
		return {
			words: LONG_REPLY_WORDS,
			tokens: outputTokens,
			chars: reply.chars,
			firstTextMs: round(reply.firstMs),
			lastTextMs: round(reply.lastMs),
			tokensPerSecond: round(outputTokens / (reply.lastMs / 1000), 0),
			tokensPerSecondAfterFirstText: round(outputTokens / (streamingMs / 1000), 0),
			longTasks: longTasks.count,
			longestTaskMs: round(longTasks.longestMs, 0),
			longTasksTotalMs: round(longTasks.totalMs, 0),
		};
	} finally {
		emulator.control.setReplyLength(undefined);
	}
}

/** A long conversation sent back to back through the page; extrapolated to 1,000 messages if the budget runs out. */
async function measureDomNodes(chat: Frame, emulator: Awaited<ReturnType<typeof startEmulator>>): Promise<Section> {
	await byTestId(chat, 'new-chat').click();
	await eventually(async () => (await chat.evaluate(callBench('messageCount'))) === 0, 'an empty transcript');
	const emptyNodes = (await chat.evaluate(callBench('domNodes'))) as number;
	const pairs = HISTORY_TARGET / 2;
	emulator.control.setNextReplies(Array.from({ length: pairs }, (_, i) => `Short reply ${i + 1}: noted, and here is one plain sentence of answer.`));
	const fill = (await chat.evaluate(callBench('fill', HISTORY_TARGET, HISTORY_BUDGET_MS))) as { sends: number; messages: number; elapsedMs: number };
	const nodes = (await chat.evaluate(callBench('domNodes'))) as number;
	const perMessage = fill.messages > 0 ? (nodes - emptyNodes) / fill.messages : Number.NaN;
	const reached = fill.messages >= HISTORY_TARGET;
	return {
		emptyDomNodes: emptyNodes,
		messages: fill.messages,
		domNodes: nodes,
		nodesPerMessage: round(perMessage, 2),
		domNodesAt1000: reached ? nodes : Math.round(emptyNodes + perMessage * HISTORY_TARGET),
		extrapolated: !reached,
		sendsPerSecond: round(fill.sends / (fill.elapsedMs / 1000), 1),
	};
}

/** Reopening that long conversation from the history list: long tasks until every message is on screen. */
async function measureRestore(chat: Frame): Promise<Section> {
	await chat.evaluate(`document.getElementById('history').hidden && document.getElementById('history-toggle').click()`);
	await chat.evaluate(callBench('startLongTasks'));
	let restored: { messages: number; allShownMs: number };
	try {
		restored = (await chat.evaluate(callBench('restoreCurrent', 60_000))) as typeof restored;
	} finally {
		await chat.waitForTimeout(200);
	}
	const longTasks = (await chat.evaluate(callBench('stopLongTasks'))) as { count: number; longestMs: number; totalMs: number };
	return { messages: restored.messages, allShownMs: round(restored.allShownMs, 0), longTasks: longTasks.count, longestTaskMs: round(longTasks.longestMs, 0), longTasksTotalMs: round(longTasks.totalMs, 0) };
}

async function main(): Promise<void> {
	const results: Section = { measuredAt: new Date().toISOString(), vsixBuiltAt: statSync(defaultVsixPath).mtime.toISOString() };
	const started = Date.now();
	const emulator = await startEmulator();
	let wb: Workbench | undefined;
	try {
		const base = emulator.control.createAccessKey({ userName: 'bench' });
		wb = await startWorkbench({
			label: 'bench',
			env: { ...emulator.env, AWS_REGION: 'us-east-1' },
			settings: { 'bedrockConnect.region': 'us-east-1', 'bedrockConnect.chat.modelId': HAIKU, 'bedrockConnect.chat.maxTokens': 32_000 },
			homeFiles: {
				'.aws/config': '[profile bench]\nrole_arn = arn:aws:iam::111111111111:role/BedrockBench\nsource_profile = base\nregion = us-east-1\n',
				'.aws/credentials': `[base]\naws_access_key_id = ${base.accessKeyId}\naws_secret_access_key = ${base.secretAccessKey}\n`,
			},
		});
		log(`code-server up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		const workbench = wb;
		results.activation = await section('activation over reloads', () => measureActivation(workbench));
		let chat: Frame | undefined;
		results.firstPaint = await section('sign-in and first paint', async () => {
			await signIn(workbench);
			chat = await openChat(workbench);
			return { firstContentfulPaintMs: round((await chat.evaluate(callBench('firstContentfulPaint'))) as number | null) };
		});
		if (chat) {
			const frame = chat;
			results.chat = await section('chat first/last text', () => measureChat(frame), workbench);
			results.throughput = await section('20,000-word reply', () => measureThroughput(frame, emulator), workbench);
			results.dom = await section('long conversation', () => measureDomNodes(frame, emulator), workbench);
			results.restore = await section('restoring the long conversation', () => measureRestore(frame), workbench);
		}
	} catch (error) {
		results.unavailable = String((error as Error)?.message ?? error).split('\n')[0];
		log(`vscode bench failed: ${results.unavailable}`);
	} finally {
		await wb?.stop().catch(() => undefined);
		await emulator.stop().catch(() => undefined);
	}
	results.elapsedSeconds = round((Date.now() - started) / 1000, 0);
	writeFileSync(path.join(__dirname, 'webview-results.json'), `${JSON.stringify(results, null, 2)}\n`);
	console.log(JSON.stringify(results));
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`${String(error)}\n`);
		process.exit(1);
	},
);
