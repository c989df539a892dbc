// One-line-per-setting description of the network settings for Diagnose and the log; proxy
// credentials are always masked.
import type { NetworkSettings } from './networkSettings';
import { redactUrl } from './redact';

export function describeNetwork(settings: NetworkSettings): string[] {
	const lines: string[] = [];
	lines.push(
		settings.caBundlePath
			? `CA bundle: ${settings.caBundlePath} (from ${settings.caBundleSource ?? 'settings'}), trusted in addition to the default and system certificates`
			: 'CA bundle: none (default and system certificates)',
	);
	if (settings.proxy) {
		const strict = settings.proxy.strictSSL ? 'certificates verified' : 'certificates NOT verified (http.proxyStrictSSL off)';
		lines.push(`Proxy: ${redactUrl(settings.proxy.url)} (from ${settings.proxySource ?? 'settings'}), ${strict}; Bedrock Runtime uses HTTP/1.1 through it`);
	} else {
		lines.push('Proxy: none (direct connections; Bedrock Runtime over HTTP/2)');
	}
	if (settings.noProxy.length > 0) {
		lines.push(`No proxy for: ${settings.noProxy.join(', ')}`);
	}
	return lines;
}
