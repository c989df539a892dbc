// Runs the IAM Identity Center sign-in the caller chose: the device code, authorization code +
// PKCE, or PKCE that falls back to the device code when no loopback port can be opened (a
// locked-down host, a sandbox without loopback). Refresh is the same for both afterwards.
import type { SsoSignInParams } from '../engineTypes';
import { BedrockConnectError, isBedrockConnectError } from '../errors';
import { authCodeSignIn } from './authCodeSignIn';
import { deviceSignIn } from './deviceSignIn';
import type { SsoSignInServices } from './signInOptions';
import type { SsoTokenRecord } from './tokenStore';

export interface SignInFlowDeps extends SsoSignInServices {
	/** Where the loopback listener binds (tests give an address that cannot be bound). Default 127.0.0.1. */
	loopbackHost?: string;
}

export async function chooseAndRunSignIn(params: SsoSignInParams, deps: SignInFlowDeps): Promise<SsoTokenRecord> {
	const flow = params.flow ?? 'device';
	const { loopbackHost, ...services } = deps;
	const common = { ...services, startUrl: params.startUrl, region: params.ssoRegion, signal: params.signal };
	const device = (): Promise<SsoTokenRecord> => deviceSignIn({ ...common, onDeviceCode: params.onDeviceCode });
	if (flow === 'device') {
		return device();
	}
	if (!params.openBrowser) {
		throw new BedrockConnectError('InvalidInput', 'The browser sign-in (PKCE) needs a way to open the browser.', {
			action: 'Set bedrockConnect.sso.flow to "device".',
		});
	}
	try {
		return await authCodeSignIn({
			...common,
			openBrowser: params.openBrowser,
			...(params.onAuthorizationUrl ? { onAuthorizationUrl: params.onAuthorizationUrl } : {}),
			...(params.authorizationTimeoutMs !== undefined ? { timeoutMs: params.authorizationTimeoutMs } : {}),
			...(loopbackHost ? { loopbackHost } : {}),
		});
	} catch (error) {
		if (flow === 'pkceOrDevice' && isBedrockConnectError(error) && error.code === 'LoopbackUnavailable') {
			deps.logger.info(`[sso] ${error.message} Signing in with a device code instead.`);
			return device();
		}
		throw error;
	}
}
