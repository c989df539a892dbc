// What the chat asks of the editor: read the selection or file to attach, insert or open code
// from a reply, copy, and open links (only http/https, and only after the user confirms).
import * as vscode from 'vscode';
import { LIMITS, type ContextAttachment } from '../../shared/protocol';

/**
 * Focus moves to the webview when its buttons are clicked, and then `activeTextEditor` is
 * undefined; so remember the last text editor the user worked in. It may be hidden behind the
 * chat (same editor group): its document and last selection are still what the user means.
 */
export class EditorTracker implements vscode.Disposable {
	private last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
	private readonly subscription = vscode.window.onDidChangeActiveTextEditor((editor) => {
		if (editor) {
			this.last = editor;
		}
	});

	get editor(): vscode.TextEditor | undefined {
		if (this.last && !this.last.document.isClosed) {
			return this.last;
		}
		return vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
	}

	dispose(): void {
		this.subscription.dispose();
	}
}

function fileLabel(document: vscode.TextDocument): string {
	return vscode.workspace.asRelativePath(document.uri, false);
}

function capText(text: string): string {
	return text.length > LIMITS.contextChars ? `${text.slice(0, LIMITS.contextChars - 40)}\n… (truncated by Bedrock Connect)` : text;
}

/** The attachment, or a sentence saying why there is none. */
export function readContext(editor: vscode.TextEditor | undefined, kind: 'selection' | 'file'): ContextAttachment | string {
	if (!editor) {
		return 'Open a file in an editor first.';
	}
	const document = editor.document;
	if (kind === 'file') {
		return { kind, label: fileLabel(document), language: document.languageId, text: capText(document.getText()) };
	}
	const selection = editor.selection;
	if (selection.isEmpty) {
		return 'Select some text in the editor first.';
	}
	const lines = selection.start.line === selection.end.line
		? `${selection.start.line + 1}`
		: `${selection.start.line + 1}-${selection.end.line + 1}`;
	return { kind, label: `${fileLabel(document)}:${lines}`, language: document.languageId, text: capText(document.getText(selection)) };
}

export async function insertAtCursor(editor: vscode.TextEditor | undefined, code: string): Promise<void> {
	if (!editor) {
		await openInNewEditor(code, '');
		return;
	}
	const shown = await vscode.window.showTextDocument(editor.document, editor.viewColumn);
	await shown.edit((edit) => {
		for (const selection of shown.selections) {
			edit.replace(selection, code);
		}
	});
}

/** highlight.js names that differ from VS Code language ids. */
const LANGUAGE_IDS: Record<string, string> = {
	js: 'javascript', jsx: 'javascriptreact', ts: 'typescript', tsx: 'typescriptreact', py: 'python',
	sh: 'shellscript', bash: 'shellscript', shell: 'shellscript', zsh: 'shellscript', yml: 'yaml', cs: 'csharp',
	csharp: 'csharp', cpp: 'cpp', 'c++': 'cpp', md: 'markdown', html: 'html', xml: 'xml', rs: 'rust', golang: 'go',
};

export async function openInNewEditor(code: string, language: string): Promise<void> {
	const known = await vscode.languages.getLanguages();
	const candidate = LANGUAGE_IDS[language] ?? language;
	const document = await vscode.workspace.openTextDocument({
		content: code,
		language: known.includes(candidate) ? candidate : 'plaintext',
	});
	await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}

export async function copyToClipboard(text: string): Promise<void> {
	await vscode.env.clipboard.writeText(text);
	vscode.window.setStatusBarMessage('Copied to the clipboard', 2000);
}

/** Links in replies are model output: show the exact address and open it only if the user agrees. */
export async function openLinkWithConsent(href: string): Promise<void> {
	let url: URL;
	try {
		url = new URL(href);
	} catch {
		return;
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		void vscode.window.showWarningMessage('Bedrock Chat only opens http and https links.');
		return;
	}
	const choice = await vscode.window.showInformationMessage(
		'Open this link from the Bedrock reply in your browser?',
		{ modal: true, detail: url.toString() },
		'Open',
	);
	if (choice === 'Open') {
		await vscode.env.openExternal(vscode.Uri.parse(url.toString(), true));
	}
}
