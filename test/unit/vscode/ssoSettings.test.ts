// bedrockConnect.sso.flow and bedrockConnect.sso.shareTokenWithCli as the sign-in reads them:
// the flow from any layer (an unknown value is auto), the CLI sharing from user settings only.
import '../../support/vscodeStubModule';
import { useLayeredConfiguration } from '../../support/layeredConfiguration';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readShareTokenWithCli, readSsoFlowSetting } from '../../../src/vscode/settings';
import { authorizationMessage } from '../../../src/vscode/ssoSignIn';

describe('settings: sso.flow and sso.shareTokenWithCli', () => {
	const layers = useLayeredConfiguration();

	it('reads sso.flow, auto by default and for a value it does not know', () => {
		assert.equal(readSsoFlowSetting(), 'auto');
		layers.values['bedrockConnect.sso.flow'] = { defaultValue: 'auto', globalValue: 'pkce' };
		assert.equal(readSsoFlowSetting(), 'pkce');
		layers.values['bedrockConnect.sso.flow'] = { defaultValue: 'auto', globalValue: 'browser' };
		assert.equal(readSsoFlowSetting(), 'auto');
	});

	it('shares the token with the CLI only when the user turned it on: a workspace value is ignored', () => {
		assert.equal(readShareTokenWithCli(), false);
		layers.values['bedrockConnect.sso.shareTokenWithCli'] = { defaultValue: false, workspaceValue: true };
		assert.equal(readShareTokenWithCli(), false);
		layers.values['bedrockConnect.sso.shareTokenWithCli'] = { defaultValue: false, globalValue: true };
		assert.equal(readShareTokenWithCli(), true);
	});

	it('package.json declares both: the flow as auto | pkce | device, the sharing machine-scoped and off', () => {
		const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as {
			contributes: { configuration: { properties: Record<string, { scope?: string; default?: unknown; enum?: string[] }> } };
		};
		const properties = manifest.contributes.configuration.properties;
		assert.deepEqual(properties['bedrockConnect.sso.flow'].enum, ['auto', 'pkce', 'device']);
		assert.equal(properties['bedrockConnect.sso.flow'].default, 'auto');
		assert.equal(properties['bedrockConnect.sso.shareTokenWithCli'].scope, 'machine');
		assert.equal(properties['bedrockConnect.sso.shareTokenWithCli'].default, false);
	});

	it('the browser sign-in progress names the host and links only to our command', () => {
		const message = authorizationMessage(new URL('https://oidc.eu-west-1.amazonaws.com/authorize?client_id=x'));
		assert.match(message, /allow access on oidc\.eu-west-1\.amazonaws\.com/);
		const links = [...message.matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1]);
		assert.deepEqual(links, ['command:bedrockConnect.openSsoAuthorizationPage']);
	});
});
