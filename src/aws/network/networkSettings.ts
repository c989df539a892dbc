// Resolves the network settings every AWS client uses (CA bundle, proxy, no-proxy list) from the
// environment, VS Code's http.* settings and the profile's ca_bundle. Pure: no I/O.
import { parseNoProxy } from './noProxy';

export interface ProxySettings {
	/** Proxy URL, credentials (user:pass@) allowed; never log it, use describeNetwork / redactUrl. */
	url: string;
	/** Verify TLS certificates on proxied connections (VS Code's http.proxyStrictSSL; default true). */
	strictSSL: boolean;
}

export type CaBundleSource = 'profile ca_bundle' | 'AWS_CA_BUNDLE';
export type ProxySource = 'http.proxy' | 'https_proxy' | 'HTTPS_PROXY' | 'http_proxy' | 'HTTP_PROXY';

export interface NetworkSettings {
	/** PEM file whose certificates are trusted IN ADDITION to Node's / the system's. */
	caBundlePath?: string;
	caBundleSource?: CaBundleSource;
	proxy?: ProxySettings;
	proxySource?: ProxySource;
	/** Hosts reached directly (see matchesNoProxy). */
	noProxy: string[];
}

/** What VS Code provides: `http.proxy`, `http.proxyStrictSSL`, `http.noProxy`. */
export interface VsCodeHttpSettings {
	proxy?: string;
	proxyStrictSSL?: boolean;
	noProxy?: readonly string[];
}

export interface NetworkSettingsInput {
	env: Readonly<Record<string, string | undefined>>;
	vscode?: VsCodeHttpSettings;
	/** The active profile's `ca_bundle`, if any. */
	profileCaBundle?: string;
	/** For a leading `~/` in a bundle path; omitted: left as is. */
	homeDir?: string;
}

export class NetworkSettingsError extends Error {
	override readonly name = 'NetworkSettingsError';
	constructor(
		message: string,
		readonly source: ProxySource,
	) {
		super(message);
	}
}

function nonEmpty(value: string | undefined): string | undefined {
	const trimmed = value?.trim();
	return trimmed ? trimmed : undefined;
}

function expandHome(file: string, homeDir: string | undefined): string {
	return homeDir && (file === '~' || file.startsWith('~/')) ? homeDir + file.slice(1) : file;
}

/** A proxy URL as given, with `http://` added when it has no scheme (VS Code and curl accept `host:port`). */
export function normalizeProxyUrl(value: string, source: ProxySource): string {
	const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
	let parsed: URL;
	try {
		parsed = new URL(withScheme);
	} catch {
		throw new NetworkSettingsError(`The proxy URL in ${source} is not a valid URL.`, source);
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new NetworkSettingsError(`The proxy URL in ${source} must start with http:// or https:// (got ${parsed.protocol}//).`, source);
	}
	if (!parsed.hostname) {
		throw new NetworkSettingsError(`The proxy URL in ${source} has no host.`, source);
	}
	return withScheme;
}

/**
 * - CA bundle: the profile's `ca_bundle` wins over `AWS_CA_BUNDLE` (as the AWS CLI does).
 * - Proxy: VS Code's `http.proxy` wins over the environment (as VS Code itself does); then
 *   `https_proxy`, `HTTPS_PROXY`, `http_proxy`, `HTTP_PROXY` — lower case first like curl, Python and
 *   VS Code, and the HTTP_PROXY fallback like VS Code (every AWS endpoint is https). One proxy for
 *   all targets. `http.proxyStrictSSL` (default true) applies whatever the proxy's source.
 * - No-proxy: the union of `http.noProxy`, `no_proxy` and `NO_PROXY` (a bypass given anywhere counts).
 * Throws NetworkSettingsError for a proxy URL that cannot be parsed (message without the URL).
 */
export function resolveNetworkSettings(input: NetworkSettingsInput): NetworkSettings {
	const { env, vscode = {} } = input;
	const settings: NetworkSettings = { noProxy: [] };

	const profileCa = nonEmpty(input.profileCaBundle);
	const envCa = nonEmpty(env.AWS_CA_BUNDLE);
	if (profileCa) {
		settings.caBundlePath = expandHome(profileCa, input.homeDir);
		settings.caBundleSource = 'profile ca_bundle';
	} else if (envCa) {
		settings.caBundlePath = expandHome(envCa, input.homeDir);
		settings.caBundleSource = 'AWS_CA_BUNDLE';
	}

	const candidates: [ProxySource, string | undefined][] = [
		['http.proxy', vscode.proxy],
		['https_proxy', env.https_proxy],
		['HTTPS_PROXY', env.HTTPS_PROXY],
		['http_proxy', env.http_proxy],
		['HTTP_PROXY', env.HTTP_PROXY],
	];
	for (const [source, value] of candidates) {
		const url = nonEmpty(value);
		if (url) {
			settings.proxy = { url: normalizeProxyUrl(url, source), strictSSL: vscode.proxyStrictSSL ?? true };
			settings.proxySource = source;
			break;
		}
	}

	const noProxy = [...(vscode.noProxy ?? []).flatMap((entry) => parseNoProxy(entry)), ...parseNoProxy(env.no_proxy), ...parseNoProxy(env.NO_PROXY)];
	settings.noProxy = [...new Set(noProxy)];
	return settings;
}
