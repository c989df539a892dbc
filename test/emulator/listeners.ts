// The two sockets the emulator listens on — HTTP/1.1 and HTTP/2, cleartext or over TLS — turning
// Node's request/response objects into EmulatorRequest/Reply, and closing every connection on stop.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import http2, { type Http2ServerRequest, type Http2ServerResponse, type Http2Session } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { type EmulatorRequest, type Reply, type StreamSink, normalizeHeaders, parseTarget } from './http';
import { requestId } from './secrets';

export type RequestHandler = (request: EmulatorRequest) => Promise<Reply>;

export interface ListenerContext {
	handle: RequestHandler;
	/** The server's clock for the Date header (clock-skew tests rely on it). */
	now: () => number;
	log: (line: string) => void;
}

/** PEM server certificate (chain) and key: the listeners then speak HTTPS and h2 over TLS. */
export interface ListenerTls {
	cert: string;
	key: string;
}

export interface Listener {
	url: string;
	close(): Promise<void>;
}

type AnyRequest = IncomingMessage | Http2ServerRequest;
type AnyResponse = ServerResponse | Http2ServerResponse;

const MAX_BODY_BYTES = 32 * 1024 * 1024;

function readBody(request: AnyRequest): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new Error('Request body too large'));
				return;
			}
			chunks.push(chunk);
		});
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

function sinkFor(response: AnyResponse, httpVersion: '1.1' | '2'): StreamSink {
	let closed = false;
	response.on('close', () => {
		closed = true;
	});
	return {
		get closed() {
			return closed || response.destroyed;
		},
		write(chunk) {
			if (closed || response.destroyed) {
				return Promise.resolve();
			}
			return new Promise((resolve) => {
				// A write on a stream the client just reset may never call back: 'close' settles it too.
				const settle = () => {
					response.off('close', settle);
					resolve();
				};
				response.once('close', settle);
				// Both response kinds accept (chunk, callback); the union's overloads do not line up for TypeScript.
				(response as ServerResponse).write(chunk, settle);
			});
		},
		destroy() {
			closed = true;
			if (httpVersion === '2') {
				(response as Http2ServerResponse).stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
			} else {
				(response as ServerResponse).socket?.destroy();
			}
		},
	};
}

async function serve(context: ListenerContext, request: AnyRequest, response: AnyResponse, httpVersion: '1.1' | '2'): Promise<void> {
	let reply: Reply;
	try {
		const { rawPath, query } = parseTarget(request.url ?? '/');
		const body = await readBody(request);
		reply = await context.handle({ method: request.method ?? 'GET', rawPath, query, headers: normalizeHeaders(request.headers), body, httpVersion });
	} catch (error) {
		context.log(`emulator error: ${error instanceof Error ? error.message : String(error)}`);
		reply = {
			status: 500,
			headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'InternalServerException' },
			body: JSON.stringify({ message: 'The emulator failed to handle this request.' }),
		};
	}
	if (response.destroyed) {
		return;
	}
	const headers: Record<string, string> = { 'x-amzn-requestid': requestId(), ...reply.headers, date: new Date(context.now()).toUTCString() };
	if (!reply.stream) {
		const body = reply.body ?? '';
		headers['content-length'] = String(Buffer.byteLength(body));
		response.writeHead(reply.status, headers);
		response.end(body);
		return;
	}
	response.writeHead(reply.status, headers);
	const sink = sinkFor(response, httpVersion);
	try {
		await reply.stream(sink);
	} catch (error) {
		context.log(`emulator stream error: ${error instanceof Error ? error.message : String(error)}`);
		sink.destroy();
	}
	if (!sink.closed) {
		response.end();
	}
}

function listen(server: http.Server | https.Server | http2.Http2Server | http2.Http2SecureServer, host: string, port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve((server.address() as AddressInfo).port);
		});
	});
}

function urlFor(host: string, port: number, secure: boolean): string {
	return `${secure ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export async function startHttp1(context: ListenerContext, host: string, port: number, tls?: ListenerTls): Promise<Listener> {
	const sockets = new Set<Socket>();
	const onRequest = (request: IncomingMessage, response: ServerResponse) => {
		void serve(context, request, response, '1.1');
	};
	const server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, onRequest) : http.createServer(onRequest);
	// A client that rejects our certificate aborts the handshake: expected in the trust tests.
	server.on('tlsClientError', () => undefined);
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('clientError', (_error, socket) => socket.destroy());
	const actualPort = await listen(server, host, port);
	server.on('error', (error) => context.log(`emulator http error: ${error.message}`));
	return {
		url: urlFor(host, actualPort, Boolean(tls)),
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				for (const socket of sockets) {
					socket.destroy();
				}
			}),
	};
}

export async function startHttp2(context: ListenerContext, host: string, port: number, tls?: ListenerTls): Promise<Listener> {
	const sessions = new Set<Http2Session>();
	const sockets = new Set<Socket>();
	// Over TLS, HTTP/1.1 is negotiated too (ALPN), as on AWS: an HTTP/1.1 client behind a proxy uses the same URL.
	const onRequest = (request: Http2ServerRequest, response: Http2ServerResponse) => {
		void serve(context, request, response, request.httpVersion === '2.0' ? '2' : '1.1');
	};
	const server = tls ? http2.createSecureServer({ cert: tls.cert, key: tls.key, allowHTTP1: true }, onRequest) : http2.createServer(onRequest);
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('tlsClientError', () => undefined);
	server.on('session', (session) => {
		sessions.add(session);
		session.on('close', () => sessions.delete(session));
		session.on('error', () => undefined);
	});
	server.on('sessionError', () => undefined);
	server.on('stream', (stream) => stream.on('error', () => undefined));
	const actualPort = await listen(server, host, port);
	server.on('error', (error) => context.log(`emulator http2 error: ${error.message}`));
	return {
		url: urlFor(host, actualPort, Boolean(tls)),
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				for (const session of sessions) {
					session.destroy();
				}
				for (const socket of sockets) {
					socket.destroy();
				}
			}),
	};
}
