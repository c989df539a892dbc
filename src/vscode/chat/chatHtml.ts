// The chat page's HTML: one pure function, so the CSP and the nonce rules are unit-tested.
// The page never talks to the network (no connect-src): the host does all AWS calls.

export interface ChatHtmlOptions {
	/** `webview.cspSource` */
	cspSource: string;
	/** Fresh per page load, from crypto.randomBytes(16). */
	nonce: string;
	scriptUri: string;
	styleUri: string;
}

function escapeAttribute(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
	return [
		`default-src 'none'`,
		`script-src 'nonce-${nonce}'`,
		`style-src ${cspSource}`,
		`img-src ${cspSource} data:`,
		`font-src ${cspSource}`,
		`base-uri 'none'`,
		`form-action 'none'`,
	].join('; ');
}

export function buildChatHtml({ cspSource, nonce, scriptUri, styleUri }: ChatHtmlOptions): string {
	if (!/^[A-Za-z0-9+/=]{16,}$/.test(nonce)) {
		throw new Error('The nonce must be base64 of at least 12 random bytes.');
	}
	const csp = escapeAttribute(contentSecurityPolicy(cspSource, nonce));
	return `<!DOCTYPE html>
<html lang="en">
<head>
	<meta charset="UTF-8">
	<meta http-equiv="Content-Security-Policy" content="${csp}">
	<meta name="viewport" content="width=device-width, initial-scale=1.0">
	<link rel="stylesheet" href="${escapeAttribute(styleUri)}">
	<title>Bedrock Chat</title>
</head>
<body>
	<header class="toolbar">
		<label class="model-label" for="model">Model</label>
		<select id="model" data-testid="model" title="Model or inference profile used for the next message"></select>
		<button id="history-toggle" class="secondary" title="Show earlier conversations" aria-expanded="false">History</button>
		<button id="new-chat" data-testid="new-chat" class="secondary" title="Start a new conversation">New Chat</button>
	</header>
	<div id="model-warnings" class="warnings" hidden></div>
	<nav id="history" class="history" hidden aria-label="Earlier conversations"></nav>
	<main id="transcript" class="transcript" aria-live="polite"></main>
	<div id="error" data-testid="error" class="error-banner" role="alert" hidden></div>
	<footer class="composer">
		<div id="chips" class="chips"></div>
		<div id="media-chips" class="chips"></div>
		<textarea id="prompt" data-testid="prompt" rows="3" placeholder="Ask Bedrock… (Enter to send, Shift+Enter for a new line)" aria-label="Prompt"></textarea>
		<div class="composer-actions">
			<button id="add-selection" class="secondary" title="Attach the selected text of the active editor">Add selection</button>
			<button id="add-file" class="secondary" title="Attach the whole active file">Add active file</button>
			<button id="attach" class="secondary" title="Attach images (png, jpeg, gif, webp) or documents (pdf, csv, doc, docx, xls, xlsx, html, txt, md); you can also paste or drop them">Attach file…</button>
			<input id="attach-picker" type="file" multiple hidden accept=".png,.jpg,.jpeg,.gif,.webp,.pdf,.csv,.doc,.docx,.xls,.xlsx,.html,.htm,.txt,.md">
			<span id="usage" data-testid="usage" class="usage"></span>
			<span id="cost" data-testid="cost" class="cost"></span>
			<span id="context-meter" data-testid="context-meter" class="context-meter"></span>
			<button id="stop" data-testid="stop" class="secondary" title="Stop the reply (Escape)" hidden>Stop</button>
			<button id="send" data-testid="send" title="Send (Enter)">Send</button>
		</div>
	</footer>
	<script nonce="${nonce}" src="${escapeAttribute(scriptUri)}"></script>
</body>
</html>`;
}
