import * as assert from 'node:assert/strict';
import { chooseSsoFlow, parseSsoFlowSetting, type ExtensionHostPlace, type SsoFlowSetting } from '../../../src/vscode/ssoFlowChoice';

const LOCAL_DESKTOP: ExtensionHostPlace = { remoteName: undefined, web: false };
const CODE_SERVER: ExtensionHostPlace = { remoteName: undefined, web: true };
const SSH: ExtensionHostPlace = { remoteName: 'ssh-remote', web: false };
const CODESPACES_WEB: ExtensionHostPlace = { remoteName: 'codespaces', web: true };

describe('SSO flow choice (bedrockConnect.sso.flow)', () => {
	const table: Array<[SsoFlowSetting, ExtensionHostPlace, string, string]> = [
		['auto', LOCAL_DESKTOP, 'pkceOrDevice', 'local desktop: PKCE, device code if no loopback'],
		['auto', CODE_SERVER, 'device', "code-server: the browser's 127.0.0.1 is not the host"],
		['auto', SSH, 'device', 'remote SSH/WSL/containers'],
		['auto', CODESPACES_WEB, 'device', 'Codespaces in the browser'],
		['pkce', CODE_SERVER, 'pkce', 'an explicit choice is honoured'],
		['pkce', LOCAL_DESKTOP, 'pkce', 'explicit, without fallback'],
		['device', LOCAL_DESKTOP, 'device', 'explicit device code'],
	];
	for (const [setting, host, expected, why] of table) {
		it(`${setting} in ${JSON.stringify(host)} → ${expected} (${why})`, () => {
			assert.equal(chooseSsoFlow(setting, host), expected);
		});
	}

	it('reads an unknown value as auto', () => {
		assert.equal(parseSsoFlowSetting('PKCE'), 'auto');
		assert.equal(parseSsoFlowSetting(undefined), 'auto');
		assert.equal(parseSsoFlowSetting('device'), 'device');
	});
});
