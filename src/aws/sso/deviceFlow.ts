// RFC 8628 device authorization as a plain loop over an injected OIDC client, clock and
// AbortSignal: honours `interval`, slow_down (+5 s) and the code's expiry, stops at once
// when the user cancels, and rides out passing network trouble while the user approves.
import type { DeviceCodeInfo } from '../engineTypes';
import type { Clock } from '../ports';
import { BedrockConnectError, isCancellation } from '../errors';
import { errorName } from '../errorNames';
import { isTransientError, networkError } from '../errorMapping';
import { cancelledError } from '../systemClock';
import { DEVICE_CODE_GRANT, type ClientRegistration, type OidcClientPort, type TokenGrant } from './oidcPort';

export interface DeviceFlowOptions {
	oidc: OidcClientPort;
	clock: Clock;
	signal: AbortSignal;
	startUrl: string;
	registration: ClientRegistration;
	onDeviceCode: (info: DeviceCodeInfo) => void;
}

/** RFC 8628 §3.5: on slow_down the interval grows by 5 seconds for all later polls. */
const SLOW_DOWN_STEP_MS = 5_000;
const DEFAULT_INTERVAL_S = 5;
/** Polls that may fail in a row (network, 5xx) before the sign-in gives up. */
export const MAX_FAILED_POLLS_IN_A_ROW = 3;

export async function runDeviceFlow(options: DeviceFlowOptions): Promise<TokenGrant> {
	const { oidc, clock, signal, startUrl, registration } = options;
	throwIfAborted(signal);
	const authorization = await withCancellation(signal, () =>
		oidc.startDeviceAuthorization(
			{ clientId: registration.clientId, clientSecret: registration.clientSecret, startUrl },
			signal,
		),
	);
	const startedAt = clock.now();
	const expiresAt = startedAt + authorization.expiresIn * 1000;
	let intervalMs = Math.max(1, authorization.interval ?? DEFAULT_INTERVAL_S) * 1000;
	options.onDeviceCode({
		userCode: authorization.userCode,
		verificationUri: authorization.verificationUri,
		verificationUriComplete: authorization.verificationUriComplete,
		expiresAt: new Date(expiresAt),
	});

	let failedPollsInARow = 0;
	for (;;) {
		await clock.sleep(intervalMs, signal);
		if (clock.now() >= expiresAt) {
			throw deviceCodeExpired();
		}
		let answer: unknown;
		try {
			return await oidc.createToken(
				{
					clientId: registration.clientId,
					clientSecret: registration.clientSecret,
					grantType: DEVICE_CODE_GRANT,
					deviceCode: authorization.deviceCode,
				},
				signal,
			);
		} catch (error) {
			if (signal.aborted || isCancellation(error)) {
				throw cancelledError('Sign-in was cancelled.');
			}
			answer = error;
		}
		if (isTransientError(answer) && errorName(answer) !== 'SlowDownException') {
			// The user is approving in the browser: a blip must not end the sign-in.
			failedPollsInARow++;
			if (failedPollsInARow >= MAX_FAILED_POLLS_IN_A_ROW) {
				throw networkError(`Lost contact with IAM Identity Center while waiting for the approval (${MAX_FAILED_POLLS_IN_A_ROW} times in a row)`, answer);
			}
			continue;
		}
		failedPollsInARow = 0;
		switch (errorName(answer)) {
			case 'AuthorizationPendingException':
				continue;
			case 'SlowDownException':
				intervalMs += SLOW_DOWN_STEP_MS;
				continue;
			case 'ExpiredTokenException':
				throw deviceCodeExpired();
			case 'AccessDeniedException':
				throw new BedrockConnectError('DeviceCodeDenied', 'The sign-in request was denied in the browser.', {
					action: 'Start the sign-in again and choose Allow when the browser asks.',
				});
			default:
				throw answer;
		}
	}
}

function deviceCodeExpired(): BedrockConnectError {
	return new BedrockConnectError('DeviceCodeExpired', 'The sign-in code expired before it was approved.', {
		action: 'Start the sign-in again and approve the code in the browser within its time limit.',
	});
}

function throwIfAborted(signal: AbortSignal): void {
	if (signal.aborted) {
		throw cancelledError('Sign-in was cancelled.');
	}
}

async function withCancellation<T>(signal: AbortSignal, call: () => Promise<T>): Promise<T> {
	try {
		return await call();
	} catch (error) {
		if (signal.aborted || isCancellation(error)) {
			throw cancelledError('Sign-in was cancelled.');
		}
		throw error;
	}
}
