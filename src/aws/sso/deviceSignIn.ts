// One IAM Identity Center sign-in with the device flow: reuse or register the OIDC client,
// run the flow, and hand back the token record to keep — or an error that says what to do. A stored registration
// the service has forgotten is dropped, and registered anew once if no code was shown yet.
import type { DeviceCodeInfo } from '../engineTypes';
import { BedrockConnectError, isBedrockConnectError, isCancellation } from '../errors';
import { errorName } from '../errorNames';
import { isTransientError, networkError, shortReason } from '../errorMapping';
import { getOrRegisterClient } from './clientRegistration';
import { runDeviceFlow } from './deviceFlow';
import { DEFAULT_SSO_SCOPES, type ClientRegistration, type TokenGrant } from './oidcPort';
import type { SsoSignInOptions } from './signInOptions';
import { grantFields, type SsoTokenRecord } from './tokenStore';

export interface DeviceSignInOptions extends SsoSignInOptions {
	onDeviceCode: (info: DeviceCodeInfo) => void;
}

export async function deviceSignIn(options: DeviceSignInOptions): Promise<SsoTokenRecord> {
	const { registration, grant } = await registerAndAuthorize(options);
	return {
		v: 1,
		startUrl: options.startUrl,
		region: options.region,
		...grantFields(grant, options.clock.now()),
		clientId: registration.clientId,
		clientSecret: registration.clientSecret,
		registrationExpiresAt: new Date(registration.expiresAt).toISOString(),
	};
}

async function registerAndAuthorize(options: DeviceSignInOptions): Promise<{ registration: ClientRegistration; grant: TokenGrant }> {
	const { oidc, store, clock, logger, startUrl, region, signal } = options;
	let codeShown = false;
	for (let attempt = 1; ; attempt++) {
		try {
			const registration = await getOrRegisterClient({ oidc, store, clock, startUrl, region, scopes: DEFAULT_SSO_SCOPES, signal });
			const grant = await runDeviceFlow({
				oidc,
				clock,
				signal,
				startUrl,
				registration,
				onDeviceCode: (info) => {
					codeShown = true;
					options.onDeviceCode(info);
				},
			});
			return { registration, grant };
		} catch (error) {
			if (errorName(error) === 'InvalidClientException') {
				// A registration the service no longer knows: forget it so the next try registers anew —
				// at once, unless the user has already seen a code (a new one would confuse).
				const again = attempt === 1 && !codeShown && !signal.aborted;
				if (again) {
					logger.info('[sso] the stored client registration was refused; registering again');
				}
				await store.deleteRegistration(startUrl, region, DEFAULT_SSO_SCOPES).catch(() => undefined);
				if (again) {
					continue;
				}
			}
			throw signInError(error, signal, region);
		}
	}
}

/** A failed sign-in as the user should hear it (shared by both flows). */
export function signInError(error: unknown, signal: AbortSignal, region: string): Error {
	if (signal.aborted || isCancellation(error)) {
		return new BedrockConnectError('Cancelled', 'Sign-in was cancelled.');
	}
	if (isBedrockConnectError(error)) {
		return error;
	}
	if (isTransientError(error)) {
		return networkError(`Could not reach IAM Identity Center in ${region}`, error);
	}
	return new BedrockConnectError('SignInRequired', `IAM Identity Center refused the sign-in: ${shortReason(error)}`, {
		action: 'Check the start URL and the Identity Center region, then sign in again.',
		cause: error,
	});
}
