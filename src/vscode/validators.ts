// Checks for what people type into the sign-in input boxes. Each returns an error message
// or undefined (the shape `InputBoxOptions.validateInput` wants). Pure: no vscode import.
import { isValidRegion } from '../aws/validation';

export type Validator = (value: string) => string | undefined;

const ACCOUNT_ID = /^\d{12}$/;
const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const MFA_SERIAL = /^(?:arn:aws(?:-[a-z]+)*:iam::\d{12}:(?:mfa|u2f)\/[\w+=,.@/-]+|(?!arn:)[\w+=/:,.@-]{9,256})$/;

export const validateStartUrl: Validator = (value) => {
	const text = value.trim();
	if (!text) {
		return 'Enter the start URL of your IAM Identity Center, e.g. https://my-org.awsapps.com/start';
	}
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return 'This is not a URL. It looks like https://my-org.awsapps.com/start';
	}
	if (url.protocol !== 'https:') {
		return 'The start URL must begin with https://';
	}
	return undefined;
};

export const validateRegion: Validator = (value) =>
	isValidRegion(value.trim()) ? undefined : 'A region looks like us-east-1 or eu-central-1.';

export const validateAccountId: Validator = (value) =>
	ACCOUNT_ID.test(value.trim()) ? undefined : 'An AWS account id is 12 digits.';

export const validateRoleArn: Validator = (value) =>
	ROLE_ARN.test(value.trim()) ? undefined : 'A role ARN looks like arn:aws:iam::123456789012:role/RoleName';

export const validateAccessKeyId: Validator = (value) => {
	const text = value.trim();
	if (!/^[A-Z0-9]{16,128}$/.test(text)) {
		return 'An access key id is 16 or more capital letters and digits, e.g. AKIA… or ASIA…';
	}
	return undefined;
};

export const validateSecretAccessKey: Validator = (value) => {
	if (!value.trim()) {
		return 'Enter the secret access key.';
	}
	if (/\s/.test(value.trim()) || value.trim().length < 16) {
		return 'A secret access key is one word of at least 16 characters (usually 40).';
	}
	return undefined;
};

/** Temporary keys (ASIA…) only work with their session token. */
export function validateSessionToken(accessKeyId: string): Validator {
	return (value) => {
		const text = value.trim();
		if (!text && accessKeyId.startsWith('ASIA')) {
			return 'Temporary keys (ASIA…) need their session token.';
		}
		if (/\s/.test(text)) {
			return 'A session token contains no spaces.';
		}
		return undefined;
	};
}

/** STS's longest-lived temporary credentials (GetSessionToken, GetFederationToken): 129,600 s. */
export const MAX_KEY_LIFETIME_MS = 36 * 3_600_000;

/**
 * An optional expiry: empty, a duration from now ("45m", "2h", "1d", "300s") or an ISO
 * date-time ("2026-11-23T18:00:00Z"), at most 36 hours ahead (no AWS keys that expire live
 * longer; a larger value used to become an invalid date). Returns the date, undefined for
 * empty, or an error.
 */
export function parseExpiry(value: string, now: number): { at?: Date; error?: string } {
	const text = value.trim();
	if (!text) {
		return {};
	}
	const tooFar = { error: 'Temporary AWS keys last at most 36 hours (the STS limit): enter a shorter time, or leave it empty for long-term keys.' };
	const relative = /^\+?(\d+)\s*(s|m|h|d)$/i.exec(text);
	if (relative) {
		const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2].toLowerCase() as 's' | 'm' | 'h' | 'd'];
		const ms = Number(relative[1]) * unit;
		return ms <= MAX_KEY_LIFETIME_MS ? { at: new Date(now + ms) } : tooFar;
	}
	const at = Date.parse(text);
	if (Number.isNaN(at) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
		return { error: 'Enter a duration such as 45m or 8h, or a date-time such as 2026-11-23T18:00:00Z.' };
	}
	if (at <= now) {
		return { error: 'That time has already passed: these keys would be expired.' };
	}
	return at - now <= MAX_KEY_LIFETIME_MS ? { at: new Date(at) } : tooFar;
}

export function validateExpiry(now: () => number): Validator {
	return (value) => parseExpiry(value, now()).error;
}

export const validateRoleSessionName: Validator = (value) =>
	!value.trim() || /^[\w+=,.@-]{2,64}$/.test(value.trim())
		? undefined
		: 'A session name is 2–64 letters, digits or +=,.@_- characters.';

export const validateExternalId: Validator = (value) =>
	!value.trim() || /^[\w+=,.@:/-]{2,1224}$/.test(value.trim())
		? undefined
		: 'An external id is 2–1224 letters, digits or +=,.@:/_- characters.';

export const validateDurationSeconds: Validator = (value) => {
	const text = value.trim();
	if (!text) {
		return undefined;
	}
	const seconds = Number(text);
	return Number.isInteger(seconds) && seconds >= 900 && seconds <= 43_200
		? undefined
		: 'The duration is a whole number of seconds from 900 (15 minutes) to 43200 (12 hours).';
};

export const validateMfaSerial: Validator = (value) =>
	!value.trim() || MFA_SERIAL.test(value.trim())
		? undefined
		: 'An MFA device is an ARN like arn:aws:iam::123456789012:mfa/alice, or a hardware serial number.';

export const validateMfaCode: Validator = (value) =>
	/^\d{6}$/.test(value.trim()) ? undefined : 'The code is the 6 digits your MFA device shows now.';

export const validateBedrockApiKey: Validator = (value) => {
	const text = value.trim();
	if (!text) {
		return 'Paste your Amazon Bedrock API key.';
	}
	return /\s/.test(text) ? 'An API key contains no spaces.' : undefined;
};
