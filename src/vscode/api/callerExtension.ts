// Which extension called our exported API, read from the call stack: the first frame in a file
// under another installed extension's folder. VS Code passes no caller, and an id the caller
// declares itself would be taken on trust. This is not a security boundary: extensions share one
// process and could reach our memory anyway. It tells honest extensions apart so the user can
// allow each one, and refuses calls it cannot attribute. (Pure: no vscode import.)

export interface InstalledExtension {
	id: string;
	extensionPath: string;
}

/** File paths in a V8 stack, top frame first (`at f (/x/y.js:1:2)`, `at /x/y.js:1:2`, `file:///x/y.js:1:2`, `C:\x\y.js:1:2`). */
export function stackFiles(stack: string): string[] {
	const files: string[] = [];
	for (const line of stack.split('\n').slice(1)) {
		const match = /((?:file:\/\/)?(?:\/|[A-Za-z]:[\\/])[^():]*?):\d+:\d+\)?\s*$/.exec(line.trim());
		if (match?.[1]) {
			files.push(normalize(match[1].startsWith('file://') ? decodeURIComponent(match[1].slice('file://'.length)) : match[1]));
		}
	}
	return files;
}

function normalize(file: string): string {
	return file.replace(/\\/g, '/').replace(/^\/([A-Za-z]:\/)/, '$1');
}

/** The id of the first other extension on the stack, or undefined when none can be named. */
export function callerExtensionId(stack: string, extensions: readonly InstalledExtension[], selfId: string): string | undefined {
	const candidates = extensions
		.filter((e) => e.id.toLowerCase() !== selfId.toLowerCase())
		.map((e) => ({ id: e.id, root: normalize(e.extensionPath).replace(/\/*$/, '/') }))
		.sort((a, b) => b.root.length - a.root.length);
	for (const file of stackFiles(stack)) {
		const owner = candidates.find((c) => file.startsWith(c.root));
		if (owner) {
			return owner.id;
		}
	}
	return undefined;
}

/** The current stack, deep enough to get past our own frames. */
export function currentStack(): string {
	const limit = Error.stackTraceLimit;
	Error.stackTraceLimit = 40;
	try {
		return new Error('caller').stack ?? '';
	} finally {
		Error.stackTraceLimit = limit;
	}
}
