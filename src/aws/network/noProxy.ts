// NO_PROXY / http.noProxy matching: which hosts a request reaches directly, bypassing the proxy.
// Semantics follow curl and botocore (urllib): see matchesNoProxy.
import net from 'node:net';

/** Splits a NO_PROXY value (comma- or whitespace-separated) into trimmed, lower-case entries. */
export function parseNoProxy(value: string | undefined): string[] {
	if (!value) {
		return [];
	}
	return value
		.split(/[\s,]+/)
		.map((entry) => entry.trim().toLowerCase())
		.filter((entry) => entry.length > 0);
}

function stripBrackets(host: string): string {
	return host.replace(/^\[|\]$/g, '');
}

/** Splits `host`, `host:port`, `[v6]` or `[v6]:port`; a bare IPv6 address has no port. */
function splitHostPort(entry: string): { host: string; port?: string } {
	const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
	if (bracketed) {
		return { host: bracketed[1], ...(bracketed[2] ? { port: bracketed[2] } : {}) };
	}
	if (net.isIPv6(entry)) {
		return { host: entry };
	}
	const withPort = /^(.*):(\d+)$/.exec(entry);
	return withPort ? { host: withPort[1], port: withPort[2] } : { host: entry };
}

function ipv4ToInt(address: string): number {
	return address.split('.').reduce((acc, part) => (acc << 8) + Number(part), 0) >>> 0;
}

function inIpv4Cidr(host: string, cidr: string): boolean {
	const [base, bitsText] = cidr.split('/');
	const bits = Number(bitsText);
	if (!net.isIPv4(host) || !net.isIPv4(base) || !Number.isInteger(bits) || bits < 0 || bits > 32) {
		return false;
	}
	const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
	return (ipv4ToInt(host) & mask) === (ipv4ToInt(base) & mask);
}

/**
 * True when a request to host:port must bypass the proxy. An entry matches:
 * - `*`: every host;
 * - `example.com` or `.example.com`: that domain AND its subdomains (curl and Python's urllib, which
 *   botocore uses, both treat a leading dot as optional);
 * - `host:port`: only that port; an entry without a port matches every port;
 * - an IP address exactly, or an IPv4 CIDR range (`10.0.0.0/8`, as curl ≥ 7.86 and requests do).
 * Loopback (localhost, 127.0.0.1, ::1) is NOT bypassed unless listed: curl and botocore do not
 * bypass it implicitly either, and a test (or a local debugging proxy) may want it proxied.
 */
export function matchesNoProxy(host: string, port: number | string | undefined, noProxy: readonly string[]): boolean {
	const target = stripBrackets(host.toLowerCase()).replace(/\.$/, '');
	const targetPort = port === undefined || port === '' ? undefined : String(port);
	for (const raw of noProxy) {
		const entry = raw.trim().toLowerCase();
		if (!entry) {
			continue;
		}
		if (entry === '*') {
			return true;
		}
		const { host: entryHost, port: entryPort } = splitHostPort(entry);
		if (entryPort !== undefined && entryPort !== targetPort) {
			continue;
		}
		if (entryHost.includes('/')) {
			if (inIpv4Cidr(target, entryHost)) {
				return true;
			}
			continue;
		}
		const domain = entryHost.replace(/^\*?\./, '').replace(/\.$/, '');
		if (!domain) {
			continue;
		}
		if (net.isIP(target) || net.isIP(domain)) {
			if (target === domain) {
				return true;
			}
			continue;
		}
		if (target === domain || target.endsWith(`.${domain}`)) {
			return true;
		}
	}
	return false;
}
