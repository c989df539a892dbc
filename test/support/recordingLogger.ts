// Logger that keeps every line, so tests can assert that no secret was ever logged.
import type { Logger } from '../../src/aws/ports';

export class RecordingLogger implements Logger {
	readonly lines: string[] = [];

	private record(level: string, message: string | Error, args: unknown[]): void {
		const text = message instanceof Error ? `${message.name}: ${message.message}` : message;
		this.lines.push(`${level} ${text}${args.length ? ' ' + args.map((a) => safeString(a)).join(' ') : ''}`);
	}

	trace(message: string, ...args: unknown[]): void {
		this.record('trace', message, args);
	}
	debug(message: string, ...args: unknown[]): void {
		this.record('debug', message, args);
	}
	info(message: string, ...args: unknown[]): void {
		this.record('info', message, args);
	}
	warn(message: string, ...args: unknown[]): void {
		this.record('warn', message, args);
	}
	error(message: string | Error, ...args: unknown[]): void {
		this.record('error', message, args);
	}

	/** Secrets from the list that appear in any logged line. */
	leaked(secrets: Iterable<string>): string[] {
		const all = this.lines.join('\n');
		return [...secrets].filter((s) => s.length >= 8 && all.includes(s));
	}
}

function safeString(value: unknown): string {
	if (value instanceof Error) {
		return `${value.name}: ${value.message}`;
	}
	try {
		return typeof value === 'string' ? value : JSON.stringify(value);
	} catch {
		return String(value);
	}
}
