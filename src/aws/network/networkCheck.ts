// Diagnose's network section: reads and parses the CA bundle, checks the proxy settings, and says
// what each client will do — without any network traffic and without proxy credentials.
import { describeNetwork } from './describeNetwork';
import type { NetworkSettings } from './networkSettings';
import { CaBundleError, loadTrust } from './trust';

export interface NetworkCheck {
	level: 'ok' | 'warning' | 'error';
	title: string;
	detail: string;
}

export function checkNetwork(settings: NetworkSettings, now: Date = new Date()): NetworkCheck[] {
	const checks: NetworkCheck[] = [];
	if (settings.caBundlePath) {
		try {
			const { bundle } = loadTrust(settings.caBundlePath);
			const subjects = bundle.certificates.map((cert) => cert.subject.split('\n').find((line) => line.startsWith('CN=')) ?? cert.subject.replace(/\n/g, ', '));
			checks.push({
				level: 'ok',
				title: 'CA bundle',
				detail: `${settings.caBundlePath} (${settings.caBundleSource}): ${bundle.certificates.length} certificate(s) trusted in addition to the default ones: ${subjects.join('; ')}`,
			});
			const expired = bundle.certificates.filter((cert) => new Date(cert.validTo).getTime() < now.getTime());
			if (expired.length > 0) {
				checks.push({
					level: 'warning',
					title: 'CA bundle',
					detail: `${expired.length} certificate(s) in ${settings.caBundlePath} expired: ${expired.map((cert) => `${cert.subject.replace(/\n/g, ', ')} (${cert.validTo})`).join('; ')}`,
				});
			}
		} catch (error) {
			if (!(error instanceof CaBundleError)) throw error;
			checks.push({ level: 'error', title: 'CA bundle', detail: `${error.message} Fix AWS_CA_BUNDLE (or the profile's ca_bundle).` });
		}
	} else {
		checks.push({ level: 'ok', title: 'CA bundle', detail: 'None set: the default and system certificates are trusted.' });
	}
	const [, proxyLine, noProxyLine] = describeNetwork(settings);
	checks.push({ level: settings.proxy && !settings.proxy.strictSSL ? 'warning' : 'ok', title: 'Proxy', detail: noProxyLine ? `${proxyLine}. ${noProxyLine}` : proxyLine });
	return checks;
}
