// MFA devices as STS sees them: which one-time codes are valid (a fixed rule, so tests can make
// codes without a clock), and which were already used (AWS accepts each code once per device).

/**
 * A code is valid when it has six digits and the last one is one more than the sum of the
 * other five, mod 10 (so the README's old fixture `123456` is one). Each is accepted once.
 */
export function isValidMfaCode(code: string): boolean {
	if (!/^\d{6}$/.test(code)) {
		return false;
	}
	const digits = [...code].map(Number);
	const sum = digits.slice(0, 5).reduce((a, b) => a + b, 0);
	return digits[5] === (sum + 1) % 10;
}

/** The n-th valid code (n from 0 to 99,999): tests take a fresh one for every sign-in. */
export function mfaCode(n: number): string {
	const head = String(Math.abs(Math.trunc(n)) % 100_000).padStart(5, '0');
	const sum = [...head].map(Number).reduce((a, b) => a + b, 0);
	return `${head}${(sum + 1) % 10}`;
}

export const MFA_INVALID_CODE_MESSAGE = 'MultiFactorAuthentication failed with invalid MFA one time pass code. ';
export const MFA_UNKNOWN_DEVICE_MESSAGE =
	'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.';

export type MfaCheck = 'ok' | 'invalid' | 'reused' | 'unknownDevice';

export class MfaDevices {
	private readonly used = new Map<string, Set<string>>();

	/**
	 * Checks one code of a device for a caller. A device ARN must be the caller's own
	 * (arn:aws:iam::<account>:mfa/<user>); a hardware serial (not an ARN) belongs to anyone.
	 */
	check(serial: string, code: string, caller: { accountId: string; arn: string }): MfaCheck {
		if (serial.startsWith('arn:')) {
			const match = /^arn:aws:iam::(\d{12}):mfa\/(.+)$/.exec(serial);
			const user = /:user\/(?:.*\/)?([^/]+)$/.exec(caller.arn)?.[1] ?? (caller.arn.endsWith(':root') ? 'root' : undefined);
			if (!match || match[1] !== caller.accountId || (match[2] !== user && !(user === 'root' && match[2].startsWith('root')))) {
				return 'unknownDevice';
			}
		}
		if (!isValidMfaCode(code)) {
			return 'invalid';
		}
		const seen = this.used.get(serial) ?? new Set<string>();
		if (seen.has(code)) {
			return 'reused';
		}
		seen.add(code);
		this.used.set(serial, seen);
		return 'ok';
	}
}
