// What STS's answer to an MFA code means: a code to ask again for (wrong, or already used —
// AWS answers both the same way), a device that is not the user's, or anything else.
import { BedrockConnectError } from '../errors';
import { errorName } from '../errorNames';

export type MfaRefusal = 'codeRejected' | 'unknownDevice';

export function mfaRefusal(error: unknown): MfaRefusal | undefined {
	const name = errorName(error);
	const message = error instanceof Error ? error.message : '';
	if (name !== 'AccessDenied' && name !== 'AccessDeniedException') {
		return undefined;
	}
	if (/invalid MFA one time pass code/i.test(message)) {
		return 'codeRejected';
	}
	if (/MultiFactorAuthentication failed, unable to validate MFA code|serial number/i.test(message)) {
		return 'unknownDevice';
	}
	return undefined;
}

/** Shown above the input box when it is asked again. */
export const CODE_REJECTED_REASON = 'AWS did not accept that code: it is wrong, or it was already used (each code works once). Enter the next code your device shows.';

export function tooManyRejectedCodes(mfaSerial: string, attempts: number): BedrockConnectError {
	return new BedrockConnectError('MfaRequired', `AWS refused ${attempts} MFA codes in a row for ${mfaSerial}.`, {
		action: "Check that the device's clock is right and that it is the device registered for this user, then sign in again.",
	});
}

export function unknownMfaDevice(mfaSerial: string, cause: unknown): BedrockConnectError {
	return new BedrockConnectError('InvalidConfig', `AWS does not know the MFA device ${mfaSerial} for this user.`, {
		action: 'Set mfa_serial in the profile to the ARN of the MFA device assigned to this IAM user (IAM console → Security credentials).',
		cause,
	});
}
