// Smoke on the oldest VS Code we claim (1.104, extension host on Node 22): the browser sign-in with
// authorization code + PKCE (sso.flow: pkce) — /authorize opened through vscode.env.openExternal,
// approved with Playwright, the answer taken by the extension host's 127.0.0.1 listener.
import { startEmulator, type Emulator } from '../../emulator';
import { dialog, eventually, quickInput, runCommand, startWorkbench, statusBarItem, waitForText, type Workbench } from '../harness';
import { waitForInputTitle } from '../signin-helpers';

const START_URL = 'https://d-9067e2e2e2.awsapps.com/start';

describe('PKCE sign-in on VS Code 1.104 (code-server 4.104.0)', function () {
	let emulator: Emulator;
	let wb: Workbench;

	before(async function () {
		// Not 127.0.0.1: code-server rewrites links to localhost ports through its proxy and drops the query.
		emulator = await startEmulator({ host: '127.0.0.2' });
		wb = await startWorkbench({
			label: 'oldest-pkce',
			codeServer: 'oldest',
			env: { ...emulator.env, AWS_REGION: 'us-east-1' },
			settings: { 'bedrockConnect.sso.flow': 'pkce', 'bedrockConnect.sso.startUrl': START_URL, 'bedrockConnect.sso.region': 'us-east-1', 'bedrockConnect.sso.accountId': '111111111111' },
		});
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
	});

	it('signs in through the browser and the loopback listener', async function () {
		await runCommand(wb.page, 'AWS: Sign In with IAM Identity Center (SSO)');
		await eventually(async () => (await dialog.locator(wb.page).isVisible().catch(() => false)) || wb.browser.popups.length > 0, 'the open-website dialog or the tab');
		if (await dialog.locator(wb.page).isVisible().catch(() => false)) {
			await dialog.clickButton(wb.page, 'Open');
		}
		const authorize = await wb.browser.waitForPopup(/\/authorize\?/);
		await authorize.locator('[data-testid="allow"]').click();
		await authorize.waitForURL(/127\.0\.0\.1:\d+\/oauth\/callback\?code=/);
		await wb.page.bringToFront();
		await waitForInputTitle(wb.page, /Role in dev/);
		await quickInput.pick(wb.page, 'BedrockUser');
		await waitForText(statusBarItem(wb.page), /^alice · dev · \d+m$/);
	});
});
