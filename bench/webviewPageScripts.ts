// Scripts the VS Code bench runs inside the chat webview's frame. Kept as plain JavaScript source
// text (not TS functions) so tsx's transform cannot inject helpers the page does not have.

/** The page-side helpers, installed once as `window.__bench`; every time is the page's `performance.now()`. */
export const installBenchHelpers = String.raw`(() => {
	if (window.__bench) return true;
	const transcript = document.getElementById('transcript');
	const prompt = document.querySelector('[data-testid="prompt"]');
	const send = document.querySelector('[data-testid="send"]');
	const replies = () => [...transcript.querySelectorAll('article[data-role="assistant"]')];
	const hasText = (body) => body && !body.querySelector('.typing') && (body.textContent || '').trim().length > 0;
	const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

	/** Sends text with the Send button and times the reply's first text and final text in the DOM. */
	async function timedSend(text, timeoutMs) {
		for (let i = 0; send.disabled && i < 600; i++) await nextFrame();
		const before = new Set(replies());
		return new Promise((resolve, reject) => {
			let started = 0;
			let first;
			const check = () => {
				const reply = replies().find((r) => !before.has(r));
				if (!reply) return;
				const body = reply.querySelector('.message-body');
				if (first === undefined && hasText(body)) first = performance.now();
				const status = reply.dataset.status;
				if (status && status !== 'streaming') {
					const last = performance.now();
					observer.disconnect();
					clearTimeout(timer);
					const usage = reply.querySelector('.message-usage');
					resolve({ firstMs: first === undefined ? null : first - started, lastMs: last - started, status, chars: (body.textContent || '').length, usage: usage ? usage.textContent : null });
				}
			};
			const observer = new MutationObserver(check);
			observer.observe(transcript, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['data-status'] });
			const timer = setTimeout(() => {
				observer.disconnect();
				reject(new Error('no final reply within ' + timeoutMs + ' ms'));
			}, timeoutMs);
			prompt.value = text;
			started = performance.now();
			send.click();
		});
	}

	/** Long tasks (> 50 ms) seen in this frame since start(). */
	const longTasks = { entries: [], observer: undefined };
	function startLongTasks() {
		longTasks.entries = [];
		longTasks.observer = new PerformanceObserver((list) => longTasks.entries.push(...list.getEntries().map((e) => e.duration)));
		longTasks.observer.observe({ type: 'longtask' });
	}
	function stopLongTasks() {
		longTasks.observer?.disconnect();
		const durations = longTasks.entries;
		return { count: durations.length, longestMs: durations.length ? Math.max(...durations) : 0, totalMs: durations.reduce((a, b) => a + b, 0) };
	}

	/** Sends prompts back to back until that many messages are on screen or the time budget is spent. */
	async function fill(messages, budgetMs) {
		const started = performance.now();
		let sends = 0;
		while (transcript.querySelectorAll('article[data-testid="message"]').length < messages && performance.now() - started < budgetMs) {
			await timedSend('Message ' + (sends + 1), 30000);
			sends++;
		}
		return { sends, messages: transcript.querySelectorAll('article[data-testid="message"]').length, elapsedMs: performance.now() - started };
	}

	/**
	 * Reopens the conversation on screen from the history list: the host sends it whole (all its
	 * messages, not the stored copy, which keeps the newest 200), as after the page reloads. Resolves
	 * once the old transcript is gone and every message is on screen again.
	 */
	async function restoreCurrent(timeoutMs) {
		const shown = () => transcript.querySelectorAll('article[data-testid="message"]').length;
		const expected = shown();
		const old = transcript.firstElementChild;
		const current = document.querySelector('.history-item.current .history-open');
		if (!current || !old) throw new Error('no current conversation in the history list');
		const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
		const started = performance.now();
		current.click();
		while (old.isConnected || shown() < expected) {
			if (performance.now() - started > timeoutMs) throw new Error('restore showed ' + shown() + ' of ' + expected + ' messages within ' + timeoutMs + ' ms');
			await wait(5);
		}
		return { messages: expected, allShownMs: performance.now() - started };
	}

	const domNodes = () => document.getElementsByTagName('*').length;
	const messageCount = () => transcript.querySelectorAll('article[data-testid="message"]').length;
	const firstContentfulPaint = () => {
		const entry = performance.getEntriesByName('first-contentful-paint')[0] || performance.getEntriesByType('paint')[0];
		return entry ? entry.startTime : null;
	};

	window.__bench = { timedSend, startLongTasks, stopLongTasks, fill, restoreCurrent, domNodes, messageCount, firstContentfulPaint };
	return true;
})()`;

/** `window.__bench.<name>(...args)` as an expression for frame.evaluate. */
export function callBench(name: string, ...args: unknown[]): string {
	return `window.__bench.${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`;
}
