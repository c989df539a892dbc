// The extension's one log: a LogOutputChannel "Bedrock Connect" behind the Logger port.
// Every line passes through the redactor first, so no secret reaches the output channel.
import * as vscode from 'vscode';
import type { Logger } from '../aws/ports';
import { SECRET_ENV_VARS, SecretRedactor } from '../aws/redaction';

export class ExtensionLogger implements Logger, vscode.Disposable {
	readonly channel: vscode.LogOutputChannel;
	readonly redactor = new SecretRedactor();

	constructor(env: NodeJS.ProcessEnv = process.env) {
		this.channel = vscode.window.createOutputChannel('Bedrock Connect', { log: true });
		for (const name of SECRET_ENV_VARS) {
			this.redactor.add(env[name]);
		}
	}

	/** A logger whose lines start with `[component]`, for the engine and each feature. */
	child(component: string): Logger {
		const tag = `[${component}] `;
		return {
			trace: (m, ...a) => this.trace(tag + m, ...a),
			debug: (m, ...a) => this.debug(tag + m, ...a),
			info: (m, ...a) => this.info(tag + m, ...a),
			warn: (m, ...a) => this.warn(tag + m, ...a),
			error: (m, ...a) => this.error(typeof m === 'string' ? tag + m : m, ...a),
		};
	}

	trace(message: string, ...args: unknown[]): void {
		this.channel.trace(this.render(message, args));
	}
	debug(message: string, ...args: unknown[]): void {
		this.channel.debug(this.render(message, args));
	}
	info(message: string, ...args: unknown[]): void {
		this.channel.info(this.render(message, args));
	}
	warn(message: string, ...args: unknown[]): void {
		this.channel.warn(this.render(message, args));
	}
	error(message: string | Error, ...args: unknown[]): void {
		this.channel.error(this.render(typeof message === 'string' ? message : describe(message), args));
	}

	/** Appends a block of text as is (redacted), e.g. the Diagnose report. */
	appendBlock(text: string): void {
		this.channel.appendLine(this.redactor.redact(text));
	}

	show(): void {
		this.channel.show(true);
	}

	dispose(): void {
		this.channel.dispose();
	}

	private render(message: string, args: unknown[]): string {
		const rest = args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? describe(a) : safeJson(a)));
		return this.redactor.redact([message, ...rest].join(' '));
	}
}

function describe(e: Error): string {
	const code = (e as { code?: unknown }).code;
	const head = `${e.name}${typeof code === 'string' ? `(${code})` : ''}: ${e.message}`;
	return e.stack ? `${head}\n${e.stack.split('\n').slice(1, 6).join('\n')}` : head;
}

function safeJson(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}
