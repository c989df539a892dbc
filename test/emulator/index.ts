// Local AWS emulator for integration and end-to-end tests: STS, SSO, SSO-OIDC and Bedrock
// served on loopback for the real SDK v3 clients. See README.md for the full API.
import { ADMIN_PREFIX, handleAdmin } from './admin';
import { countTokensService } from './bedrock/countTokens';
import { createControl } from './control';
import { handleDevicePage, isDevicePage } from './devicePage';
import { dispatchToService, notFound } from './dispatch';
import type { EmulatorRequest, Reply } from './http';
import { type Listener, startHttp1, startHttp2 } from './listeners';
import type { EmulatedService } from './service';
import { bedrockControlService } from './services/bedrockControl';
import { bedrockRuntimeService } from './services/bedrockRuntime';
import { ssoOidcService } from './services/ssoOidc';
import { ssoPortalService } from './services/ssoPortal';
import { stsService } from './services/sts';
import { EmulatorState } from './state';
import type { Emulator, EmulatorOptions } from './types';

export type * from './types';
export { type RemoteControl, remoteControl } from './remote';
// Fixture values tests can name instead of repeating literals.
export { ACCOUNTS, DEFAULT_ACCOUNT_ID, SSO_USER } from './directory';
export { FOUNDATION_MODELS } from './catalog';
export { EXTERNAL_ID, MFA_TOKEN_CODE } from './services/sts';

/** Services in the order their routes are tried (STS last: it claims any form POST to /). */
const SERVICES: readonly EmulatedService[] = [ssoOidcService, ssoPortalService, bedrockRuntimeService, countTokensService, bedrockControlService, stsService];

export const EMULATOR_REGION = 'us-east-1';

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const host = options.host ?? '127.0.0.1';
	const state = new EmulatorState(options);
	const control = createControl(state);

	const handle = async (request: EmulatorRequest): Promise<Reply> => {
		if (request.rawPath.startsWith(ADMIN_PREFIX)) {
			return handleAdmin(control, request);
		}
		if (isDevicePage(request)) {
			return handleDevicePage(state, request);
		}
		return (await dispatchToService(state, SERVICES, request)) ?? notFound(request);
	};
	const context = { handle, now: () => state.now(), log: state.log };

	const listeners: Listener[] = [];
	try {
		listeners.push(await startHttp1(context, host, options.port ?? 0, options.tls));
		listeners.push(await startHttp2(context, host, options.http2Port ?? 0, options.tls));
	} catch (error) {
		await Promise.all(listeners.map((listener) => listener.close()));
		throw error;
	}
	const [httpListener, http2Listener] = listeners;
	state.httpUrl = httpListener.url;

	let stopped: Promise<void> | undefined;
	return {
		httpUrl: httpListener.url,
		http2Url: http2Listener.url,
		region: EMULATOR_REGION,
		env: { AWS_ENDPOINT_URL: httpListener.url, AWS_ENDPOINT_URL_BEDROCK_RUNTIME: http2Listener.url },
		control,
		stop() {
			stopped ??= Promise.all(listeners.map((listener) => listener.close())).then(() => undefined);
			return stopped;
		},
	};
}
