// An http.Agent that tunnels through an HTTP(S) proxy with CONNECT, except for NO_PROXY hosts,
// which it reaches directly; both ways with the configured CA list. Used by httpHandlerFor.
import type http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { ProxyConnectError } from './networkErrors';
import { matchesNoProxy } from './noProxy';
import { redactUrl } from './redact';

type ConnectOpts = Parameters<HttpsProxyAgent<string>['connect']>[1];

export interface ProxyAgentOptions {
	/** Credentials (user:pass@, percent-encoded) allowed; sent as Proxy-Authorization, never kept in the URL. */
	proxyUrl: string;
	noProxy: readonly string[];
	/** TLS context with the trusted CAs for the target (and an https:// proxy); undefined: Node's defaults. */
	secureContext?: tls.SecureContext;
	/** Verify certificates on proxied connections (http.proxyStrictSSL). Direct connections always verify. */
	strictSSL: boolean;
}

/** The proxy URL without user:password@, and the Basic Proxy-Authorization value they make. */
export function splitCredentials(proxyUrl: string): { url: string; authorization?: string } {
	const parsed = new URL(proxyUrl);
	if (!parsed.username && !parsed.password) {
		return { url: parsed.toString() };
	}
	const decode = (value: string) => {
		try {
			return decodeURIComponent(value);
		} catch {
			return value;
		}
	};
	const authorization = `Basic ${Buffer.from(`${decode(parsed.username)}:${decode(parsed.password)}`).toString('base64')}`;
	parsed.username = '';
	parsed.password = '';
	return { url: parsed.toString(), authorization };
}

export class RoutingProxyAgent extends HttpsProxyAgent<string> {
	private readonly routing: ProxyAgentOptions;

	constructor(options: ProxyAgentOptions) {
		// The credentials go into a header, not the agent's URL: https-proxy-agent logs its URL with
		// DEBUG=https-proxy-agent, and anything inspecting the agent would see them.
		const { url, authorization } = splitCredentials(options.proxyUrl);
		super(url, {
			keepAlive: true,
			maxSockets: 50,
			...(options.secureContext ? { secureContext: options.secureContext } : {}),
			rejectUnauthorized: options.strictSSL,
			...(authorization ? { headers: { 'Proxy-Authorization': authorization } } : {}),
		});
		this.routing = { ...options, proxyUrl: redactUrl(options.proxyUrl) };
	}

	/** Whether a request to host:port goes through the proxy. */
	proxies(host: string, port: number | string | undefined): boolean {
		return !matchesNoProxy(host, port, this.routing.noProxy);
	}

	override async connect(req: http.ClientRequest, opts: ConnectOpts): Promise<net.Socket> {
		const { secureContext } = this.routing;
		const trust = secureContext ? { secureContext } : {};
		if (!this.proxies(opts.host ?? '', opts.port)) {
			const host = opts.host ?? 'localhost';
			if (opts.secureEndpoint) {
				return tls.connect({
					host,
					port: opts.port,
					...(net.isIP(host) ? {} : { servername: host }),
					...trust,
				});
			}
			return net.connect({ host, port: opts.port });
		}
		const target = opts.secureEndpoint ? { ...opts, ...trust, rejectUnauthorized: this.routing.strictSSL } : opts;
		// https-proxy-agent replays a refused CONNECT's response as if the service had sent it (a 407
		// or tinyproxy's 401 then looks like an AWS error); we fail the request with a typed error instead.
		let answer: { statusCode: number; statusText: string } | undefined;
		req.once('proxyConnect', (connect: { statusCode: number; statusText: string }) => {
			answer = connect;
		});
		const socket = await super.connect(req, target as ConnectOpts);
		if (answer && answer.statusCode !== 200) {
			socket.destroy();
			throw new ProxyConnectError(answer.statusCode, answer.statusText, this.routing.proxyUrl, `${opts.host}:${opts.port}`);
		}
		return socket;
	}
}
