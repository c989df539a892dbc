// Which IAM Identity Center sign-in to run, from bedrockConnect.sso.flow and where the extension
// host runs. PKCE's redirect goes to 127.0.0.1 *as the browser sees it*: only when the browser
// and the extension host share a machine (VS Code desktop, no remote) does it reach our listener.
// In code-server, VS Code for the Web, SSH, WSL, containers or Codespaces the browser's 127.0.0.1
// is the user's own machine, so `auto` uses the device code there.
import type { SsoSignInFlow } from '../aws/engineTypes';

export type SsoFlowSetting = 'auto' | 'pkce' | 'device';

export const SSO_FLOW_SETTINGS: readonly SsoFlowSetting[] = ['auto', 'pkce', 'device'];

export interface ExtensionHostPlace {
	/** vscode.env.remoteName: undefined for a local window. */
	remoteName: string | undefined;
	/** vscode.env.uiKind === UIKind.Web (code-server, vscode.dev). */
	web: boolean;
}

export function chooseSsoFlow(setting: SsoFlowSetting, host: ExtensionHostPlace): SsoSignInFlow {
	switch (setting) {
		case 'pkce':
			return 'pkce';
		case 'device':
			return 'device';
		case 'auto':
			// Local desktop: PKCE, and the device code if no loopback port can be opened.
			return host.remoteName === undefined && !host.web ? 'pkceOrDevice' : 'device';
	}
}

/** An unknown value (a typo in settings.json) is treated as the default. */
export function parseSsoFlowSetting(value: unknown): SsoFlowSetting {
	return SSO_FLOW_SETTINGS.includes(value as SsoFlowSetting) ? (value as SsoFlowSetting) : 'auto';
}
