// The device-code notification only links to, and only opens, https: addresses (http: only on
// loopback, for the emulator), escaped so a crafted address cannot add a command link.
import '../../support/vscodeStubModule';
import * as assert from 'node:assert/strict';
import { deviceCodeMessage, safeVerificationUrl } from '../../../src/vscode/ssoSignIn';

const info = (verificationUri: string, verificationUriComplete = `${verificationUri}?user_code=ABCD-EFGH`, userCode = 'ABCD-EFGH') => ({
	userCode,
	verificationUri,
	verificationUriComplete,
	expiresAt: new Date('2026-01-01T12:34:00Z'),
});

describe('device-code links', () => {
	for (const [uri, accepted] of [
		['https://device.sso.us-east-1.amazonaws.com/', true],
		['http://127.0.0.1:4566/device', true],
		['http://localhost:4566/device', true],
		['http://[::1]:4566/device', true],
		['http://127.0.0.2:4566/authorize', true],
		['http://127.0.0.2.example.com/authorize', false],
		['http://device.sso.us-east-1.amazonaws.com/', false],
		['command:workbench.action.terminal.new', false],
		['file:///etc/passwd', false],
		['javascript:alert(1)', false],
		['vscode://some.extension/run', false],
		['not a url', false],
	] as const) {
		it(`${accepted ? 'accepts' : 'refuses'} ${uri}`, () => {
			assert.equal(safeVerificationUrl(uri) !== undefined, accepted);
		});
	}

	it('refuses a flow whose addresses are both unsafe, with a clear message', () => {
		assert.throws(() => deviceCodeMessage(info('command:evil')), /unexpected|not an https/i);
	});

	it('escapes the address and code so they cannot add a link of their own', () => {
		const crafted = 'https://device.example.com/a) [click](command:workbench.action.terminal.new';
		const text = deviceCodeMessage(info(crafted, crafted, 'AB](command:x)CD'));
		assert.doesNotMatch(text, /\]\(command:workbench|\]\(command:x\)/, text);
		const links = [...text.matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1]);
		assert.ok(links.every((l) => l.startsWith('https://') || l === 'command:bedrockConnect.copyDeviceCodeAndOpen'), links.join(' '));
	});

	it('shows an ordinary code and host as they are (a notification shows backslash escapes literally)', () => {
		const text = deviceCodeMessage(info('https://device.sso.us-east-1.amazonaws.com/', 'https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH', 'ABCD-EFGH'));
		assert.match(text, /approve code ABCD-EFGH in your browser/);
		assert.match(text, /open \[device\.sso\.us-east-1\.amazonaws\.com\]\(/);
		assert.doesNotMatch(text, /\\/);
	});
});
