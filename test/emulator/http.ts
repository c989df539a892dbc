// The emulator's view of one HTTP exchange, the same for the HTTP/1.1 and HTTP/2 listeners:
// a fully read request, and a reply that is either a complete body or a stream of frames.
import type { IncomingHttpHeaders } from 'node:http';

export interface EmulatorRequest {
	method: string;
	/** The path exactly as sent, still percent-encoded (SigV4 signs it that way). */
	rawPath: string;
	/** Decoded query parameters; repeated names keep every value. */
	query: Record<string, string | string[]>;
	/** Lower-case names; `host` is filled from `:authority` on HTTP/2. */
	headers: Record<string, string>;
	body: Buffer;
	httpVersion: '1.1' | '2';
}

export interface StreamSink {
	write(chunk: Uint8Array): Promise<void>;
	/** Kills the transport mid-reply (HTTP/2 RST_STREAM, or the HTTP/1.1 socket). */
	destroy(): void;
	/** True once the client went away. */
	readonly closed: boolean;
}

export interface Reply {
	status: number;
	headers: Record<string, string>;
	body?: string | Buffer;
	/** When present, the headers are sent and this writes the body; `body` is ignored. */
	stream?: (sink: StreamSink) => Promise<void>;
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
	return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export function emptyReply(status = 200): Reply {
	return { status, headers: {}, body: '' };
}

export function htmlReply(status: number, html: string): Reply {
	return { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body: html };
}

export function normalizeHeaders(raw: IncomingHttpHeaders): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(raw)) {
		if (value === undefined) {
			continue;
		}
		headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : String(value);
	}
	if (!headers.host && headers[':authority']) {
		headers.host = headers[':authority'];
	}
	return headers;
}

export function parseTarget(target: string): { rawPath: string; query: Record<string, string | string[]> } {
	const questionMark = target.indexOf('?');
	const rawPath = questionMark < 0 ? target : target.slice(0, questionMark);
	const query: Record<string, string | string[]> = {};
	if (questionMark >= 0) {
		for (const [name, value] of new URLSearchParams(target.slice(questionMark + 1))) {
			const existing = query[name];
			query[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
		}
	}
	return { rawPath: rawPath || '/', query };
}

export function firstQueryValue(query: Record<string, string | string[]>, name: string): string | undefined {
	const value = query[name];
	return Array.isArray(value) ? value[0] : value;
}

/** Form bodies (awsQuery, the device page) as a flat record; the last value wins. */
export function parseForm(body: Buffer): Record<string, string> {
	return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
}

export function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
	if (body.length === 0) {
		return {};
	}
	try {
		const value: unknown = JSON.parse(body.toString('utf8'));
		return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}
