// A minimal stand-in for the `vscode` module, enough for activate() to run in plain Node (the
// activation bench) and for unit tests of the VS Code layer (test/support/vscodeStubModule.ts).
// Known APIs behave plausibly (settings return their defaults, events can be subscribed to);
// anything else is a forgiving proxy, so a new API call in activate() does not break the bench.
'use strict';

class Disposable {
	constructor(fn) {
		this._fn = fn;
	}
	static from(...items) {
		return new Disposable(() => items.forEach((d) => d && typeof d.dispose === 'function' && d.dispose()));
	}
	dispose() {
		if (this._fn) this._fn();
		this._fn = undefined;
	}
}

class EventEmitter {
	constructor() {
		this._listeners = new Set();
		this.event = (listener) => {
			this._listeners.add(listener);
			return new Disposable(() => this._listeners.delete(listener));
		};
	}
	fire(value) {
		for (const l of [...this._listeners]) l(value);
	}
	dispose() {
		this._listeners.clear();
	}
}

/** Any property is another forgiving proxy; calling or constructing one returns a proxy too. */
function forgiving(name) {
	const cache = new Map();
	const target = function () {};
	return new Proxy(target, {
		get(_t, prop) {
			if (prop === 'then') return undefined; // never look like a promise
			if (prop === Symbol.toPrimitive) return () => '';
			if (prop === Symbol.iterator) return function* () {};
			if (prop === 'toString' || prop === 'toJSON') return () => name;
			if (prop === 'dispose') return () => undefined;
			if (!cache.has(prop)) cache.set(prop, forgiving(`${name}.${String(prop)}`));
			return cache.get(prop);
		},
		set(_t, prop, value) {
			cache.set(prop, value);
			return true;
		},
		apply: () => forgiving(`${name}()`),
		construct: () => forgiving(`new ${name}`),
	});
}

const noEvent = () => new Disposable();

class Uri {
	constructor(scheme, path) {
		this.scheme = scheme;
		this.path = path;
		this.fsPath = path;
	}
	static file(p) {
		return new Uri('file', p);
	}
	static parse(s) {
		const i = s.indexOf(':');
		return new Uri(i > 0 ? s.slice(0, i) : 'file', i > 0 ? s.slice(i + 1) : s);
	}
	static joinPath(base, ...parts) {
		return new Uri(base.scheme, [base.path, ...parts].join('/'));
	}
	with() {
		return this;
	}
	toString() {
		return `${this.scheme}:${this.path}`;
	}
}

function statusBarItem() {
	return { text: '', tooltip: '', name: '', command: undefined, backgroundColor: undefined, accessibilityInformation: undefined, show() {}, hide() {}, dispose() {} };
}

function outputChannel(name) {
	const noop = () => undefined;
	return { name, append: noop, appendLine: noop, replace: noop, clear: noop, show: noop, hide: noop, dispose: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop, logLevel: 2, onDidChangeLogLevel: noEvent };
}

const configuration = {
	get: (_key, defaultValue) => defaultValue,
	has: () => false,
	inspect: () => undefined,
	update: async () => undefined,
};

const enums = {
	StatusBarAlignment: { Left: 1, Right: 2 },
	ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
	UIKind: { Desktop: 1, Web: 2 },
	QuickPickItemKind: { Separator: -1, Default: 0 },
	ViewColumn: { Active: -1, Beside: -2, One: 1, Two: 2, Three: 3 },
	ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
	LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
	ExtensionMode: { Production: 1, Development: 2, Test: 3 },
};

const api = {
	...enums,
	Disposable,
	EventEmitter,
	Uri,
	ThemeColor: class ThemeColor {
		constructor(id) {
			this.id = id;
		}
	},
	ThemeIcon: class ThemeIcon {
		constructor(id) {
			this.id = id;
		}
	},
	MarkdownString: class MarkdownString {
		constructor(value = '') {
			this.value = value;
		}
		appendMarkdown(s) {
			this.value += s;
			return this;
		}
		appendText(s) {
			this.value += s;
			return this;
		}
		appendCodeblock(s) {
			this.value += s;
			return this;
		}
	},
	CancellationTokenSource: class CancellationTokenSource {
		constructor() {
			this.token = { isCancellationRequested: false, onCancellationRequested: noEvent };
		}
		cancel() {
			this.token.isCancellationRequested = true;
		}
		dispose() {}
	},
	version: '1.99.0',
	window: {
		createStatusBarItem: statusBarItem,
		createOutputChannel: outputChannel,
		registerWebviewPanelSerializer: () => new Disposable(),
		registerUriHandler: () => new Disposable(),
		onDidChangeActiveTextEditor: noEvent,
		onDidChangeWindowState: noEvent,
		activeTextEditor: undefined,
		visibleTextEditors: [],
		state: { focused: true },
		showInformationMessage: async () => undefined,
		showWarningMessage: async () => undefined,
		showErrorMessage: async () => undefined,
		setStatusBarMessage: () => new Disposable(),
		withProgress: async (_options, task) => task({ report() {} }, { isCancellationRequested: false, onCancellationRequested: noEvent }),
	},
	commands: {
		registerCommand: () => new Disposable(),
		registerTextEditorCommand: () => new Disposable(),
		executeCommand: async () => undefined,
	},
	workspace: {
		getConfiguration: () => configuration,
		onDidChangeConfiguration: noEvent,
		workspaceFolders: undefined,
	},
	authentication: {
		registerAuthenticationProvider: () => new Disposable(),
		onDidChangeSessions: noEvent,
	},
	env: {
		appName: 'bench',
		uriScheme: 'vscode',
		language: 'en',
		machineId: 'bench',
		remoteName: undefined,
		uiKind: 1,
		openExternal: async () => true,
		asExternalUri: async (u) => u,
		clipboard: { readText: async () => '', writeText: async () => undefined },
	},
	languages: { getLanguages: async () => [] },
	// Bedrock in VS Code's Chat view registers here on activation (src/vscode/nativeChat/registerNativeChat.ts).
	lm: { registerLanguageModelChatProvider: () => new Disposable(), selectChatModels: async () => [], onDidChangeChatModels: noEvent },
	chat: { createChatParticipant: () => ({ dispose() {} }) },
	l10n: { t: (message) => (typeof message === 'string' ? message : message.message) },
};

function memento() {
	const data = new Map();
	return { get: (k, d) => (data.has(k) ? data.get(k) : d), update: async (k, v) => void data.set(k, v), keys: () => [...data.keys()], setKeysForSync() {} };
}

/** An ExtensionContext with nothing stored: a first start, as after install. */
function createContext(extensionPath) {
	const secrets = new Map();
	return {
		subscriptions: [],
		extensionPath,
		extensionUri: Uri.file(extensionPath),
		globalStorageUri: Uri.file(`${extensionPath}/.bench-storage`),
		storageUri: undefined,
		logUri: Uri.file(`${extensionPath}/.bench-log`),
		extensionMode: enums.ExtensionMode.Production,
		globalState: memento(),
		workspaceState: memento(),
		secrets: {
			get: async (k) => secrets.get(k),
			store: async (k, v) => void secrets.set(k, v),
			delete: async (k) => void secrets.delete(k),
			onDidChange: noEvent,
		},
		environmentVariableCollection: forgiving('environmentVariableCollection'),
		asAbsolutePath: (p) => `${extensionPath}/${p}`,
		extension: { id: 'bedrock-connect.bedrock-connect', packageJSON: {} },
	};
}

const wrapped = new WeakMap();

/** Wraps a namespace so unknown members fall back to forgiving proxies (made once, then reused). */
function withFallback(obj, name) {
	if (wrapped.has(obj)) return wrapped.get(obj);
	const unknown = new Map();
	const proxy = new Proxy(obj, {
		get(target, prop) {
			if (prop in target) {
				const value = target[prop];
				return value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Disposable) && prop !== 'state'
					? withFallback(value, `${name}.${String(prop)}`)
					: value;
			}
			if (prop === 'then' || typeof prop === 'symbol') return undefined;
			if (!unknown.has(prop)) unknown.set(prop, forgiving(`${name}.${String(prop)}`));
			return unknown.get(prop);
		},
	});
	wrapped.set(obj, proxy);
	return proxy;
}

module.exports = { vscode: withFallback(api, 'vscode'), createContext };
