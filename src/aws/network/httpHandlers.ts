// Builds the SDK request handlers every client gets: the CA bundle added to trust and the proxy
// (CONNECT tunnel, NO_PROXY bypass) applied. One new handler per client: client.destroy() closes it.
import type { SecureContext } from 'node:tls';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import type { NetworkSettings } from './networkSettings';
import { matchesNoProxy } from './noProxy';
import { RoutingProxyAgent } from './proxyAgent';
import { loadTrust } from './trust';

export interface HandlerTimeouts {
	/** Per-request idle timeout (ms). */
	requestTimeout?: number;
	/** TCP/TLS connect timeout (ms); HTTP/1.1 only (NodeHttp2Handler has none). */
	connectionTimeout?: number;
}

export interface Http2HandlerOptions extends HandlerTimeouts {
	/** The SDK's Bedrock Runtime default is true (a session per event stream); kept as the default. */
	disableConcurrentStreams?: boolean;
}

/** The shared TLS context with the bundle added, or undefined to leave Node's (and VS Code's patched) defaults untouched. Throws CaBundleError. */
export function secureContextFor(settings: NetworkSettings): SecureContext | undefined {
	return settings.caBundlePath ? loadTrust(settings.caBundlePath).secureContext : undefined;
}

function timeoutsOf(options: HandlerTimeouts): HandlerTimeouts {
	return {
		...(options.requestTimeout !== undefined ? { requestTimeout: options.requestTimeout } : {}),
		...(options.connectionTimeout !== undefined ? { connectionTimeout: options.connectionTimeout } : {}),
	};
}

/**
 * HTTP/1.1 handler for STS, SSO, SSO-OIDC, Bedrock (and Bedrock Runtime behind a proxy). With a
 * proxy, one agent decides per request (from the request's own host, so AWS_ENDPOINT_URL* is
 * honoured) between the CONNECT tunnel and a direct connection. Throws CaBundleError.
 */
export function httpHandlerFor(settings: NetworkSettings, options: HandlerTimeouts = {}): NodeHttpHandler {
	const secureContext = secureContextFor(settings);
	const timeouts = timeoutsOf(options);
	if (settings.proxy) {
		const agent = () => new RoutingProxyAgent({ proxyUrl: settings.proxy!.url, noProxy: settings.noProxy, secureContext, strictSSL: settings.proxy!.strictSSL });
		return new NodeHttpHandler({ ...timeouts, httpAgent: agent(), httpsAgent: agent() });
	}
	// Options, not an Agent: the handler then builds its own keep-alive agent as usual, with our CAs.
	return new NodeHttpHandler({ ...timeouts, ...(secureContext ? { httpsAgent: { secureContext } } : {}) });
}

/** The host (and port) a client will talk to, for the HTTP/2-or-proxy decision. */
export interface Target {
	hostname: string;
	port?: number | string;
}

function targetOf(target: string | URL | Target): Target {
	if (typeof target === 'string' || target instanceof URL) {
		const url = new URL(String(target));
		return { hostname: url.hostname, port: url.port || (url.protocol === 'http:' ? '80' : '443') };
	}
	return target;
}

/** True when requests to this target go through the proxy (a proxy is set and NO_PROXY does not list it). */
export function proxiedTarget(target: string | URL | Target, settings: NetworkSettings): boolean {
	if (!settings.proxy) {
		return false;
	}
	const { hostname, port } = targetOf(target);
	return !matchesNoProxy(hostname, port, settings.noProxy);
}

/**
 * Bedrock Runtime's handler: HTTP/2 (NodeHttp2Handler, the CA context in nodeHttp2ConnectOptions) when
 * no proxy is in the way; otherwise an HTTP/1.1 handler through the proxy (ConverseStream works
 * over HTTP/1.1; HTTP/2 cannot go through a CONNECT proxy here). The choice is made now, from the
 * target, because the SDK signs `:authority` for h2 and `host` for HTTP/1.1 by the handler's
 * protocol. Throws CaBundleError.
 */
export function http2HandlerFor(target: string | URL | Target, settings: NetworkSettings, options: Http2HandlerOptions = {}): NodeHttp2Handler | NodeHttpHandler {
	if (proxiedTarget(target, settings)) {
		return httpHandlerFor(settings, options);
	}
	const secureContext = secureContextFor(settings);
	return new NodeHttp2Handler({
		...(options.requestTimeout !== undefined ? { requestTimeout: options.requestTimeout } : {}),
		disableConcurrentStreams: options.disableConcurrentStreams ?? true,
		...(secureContext ? { nodeHttp2ConnectOptions: { secureContext } } : {}),
	});
}

/**
 * The endpoint the SDK will use for a service, for http2HandlerFor: AWS_ENDPOINT_URL_<SERVICE>, then
 * AWS_ENDPOINT_URL (unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS), else `https://<prefix>.<region>.amazonaws.com`.
 * (A profile's `services` endpoint_url is not read here: pass it yourself if you support it.)
 */
export function endpointFor(
	service: { envSuffix: string; endpointPrefix: string },
	region: string,
	env: Readonly<Record<string, string | undefined>>,
): string {
	const ignore = (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true';
	const configured = ignore ? undefined : (env[`AWS_ENDPOINT_URL_${service.envSuffix}`] ?? env.AWS_ENDPOINT_URL);
	return configured?.trim() ? configured.trim() : `https://${service.endpointPrefix}.${region}.amazonaws.com`;
}

export const BEDROCK_RUNTIME_SERVICE = { envSuffix: 'BEDROCK_RUNTIME', endpointPrefix: 'bedrock-runtime' } as const;
