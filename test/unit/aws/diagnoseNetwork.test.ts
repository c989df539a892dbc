// Diagnose's network lines: the CA bundle (read and parsed), the proxy without its credentials,
// a profile's own ca_bundle, and endpoint overrides that would send tokens over plain http://.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diagnose, type DiagnoseInit } from '../../../src/aws/diagnose';
import { FakeClock } from '../../support/fakeClock';

async function diagnoseWith(env: NodeJS.ProcessEnv, config = '', extra: Partial<DiagnoseInit> = {}) {
	const home = await fs.mkdtemp(path.join(os.tmpdir(), 'bc-diag-net-'));
	try {
		await fs.mkdir(path.join(home, '.aws'));
		await fs.writeFile(path.join(home, '.aws', 'config'), config);
		const tried: string[] = [];
		const { findings } = await diagnose({
			env: { HOME: home, ...env },
			clock: new FakeClock(),
			hasStoredAccessKeys: async () => false,
			tryProfile: async (name) => {
				tried.push(name);
				throw new Error('no credentials here');
			},
			tryEnvironment: async () => {
				throw new Error('not used');
			},
			callerIdentity: async () => {
				throw new Error('not reached');
			},
			imdsTimeoutMs: 0,
			...extra,
		});
		return { findings, tried, home };
	} finally {
		await fs.rm(home, { recursive: true, force: true });
	}
}

describe('diagnose: network', () => {
	it('reports an unreadable CA bundle as an error, and the proxy without its credentials', async () => {
		const { findings } = await diagnoseWith({ AWS_CA_BUNDLE: os.tmpdir(), HTTPS_PROXY: 'http://bob:Pr0xyPw99@proxy.corp:3128' });
		const ca = findings.find((f) => f.source === 'Network' && f.summary.startsWith('CA bundle'));
		assert.equal(ca?.severity, 'error');
		assert.ok(ca?.summary.includes(`${os.tmpdir()} is not a file`), ca?.summary);
		const proxy = findings.find((f) => f.source === 'Network' && f.summary.startsWith('Proxy'));
		assert.match(proxy?.summary ?? '', /proxy\.corp:3128.*HTTPS_PROXY/);
		assert.ok(!JSON.stringify(findings).includes('Pr0xyPw99'));
	});

	it("checks a profile's own ca_bundle before trying it", async () => {
		const { findings, tried } = await diagnoseWith({}, '[profile corp]\nca_bundle = /nonexistent/corp.pem\ncredential_process = x\n');
		const finding = findings.find((f) => f.source === "Profile 'corp'" && /ca_bundle/.test(f.summary));
		assert.equal(finding?.severity, 'error');
		assert.match(finding?.summary ?? '', /\/nonexistent\/corp\.pem does not exist/);
		assert.deepEqual(tried, [], 'not tried with a bundle that cannot work');
	});

	it('warns when AWS_ENDPOINT_URL_SSO_OIDC sends the refresh token over plain http:// to another host', async () => {
		const { findings } = await diagnoseWith({ AWS_ENDPOINT_URL_SSO_OIDC: 'http://oidc.corp.example', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:4566' });
		const oidc = findings.find((f) => f.summary.startsWith('AWS_ENDPOINT_URL_SSO_OIDC='));
		assert.equal(oidc?.severity, 'warning');
		assert.match(oidc?.summary ?? '', /plain http:\/\/.*refresh token/);
		assert.match(oidc?.fix ?? '', /https:\/\//);
		assert.equal(findings.find((f) => f.summary.startsWith('AWS_ENDPOINT_URL_STS='))?.severity, 'info');
	});

	it("reports the active profile's config endpoint_url like the variables, and warns for http:// to another host", async () => {
		const { findings } = await diagnoseWith({ AWS_PROFILE: 'work' }, '[profile work]\nendpoint_url = http://example.com\n[profile other]\nservices = s\n[services s]\nbedrock =\n  endpoint_url = https://bedrock.corp\n');
		const work = findings.find((f) => f.summary.includes('http://example.com'));
		assert.equal(work?.severity, 'warning');
		assert.equal(work?.source, "Profile 'work' (used by the SDK clients)");
		const other = findings.find((f) => f.summary.includes('https://bedrock.corp'));
		assert.equal(other?.severity, 'info');
		assert.match(other?.summary ?? '', /\[services s\] bedrock=https:\/\/bedrock\.corp \(bedrock calls go there/);
	});
});
