// Checks user input before any network call, so a typo gets a clear message instead of a
// DNS error or an opaque service exception.
import { BedrockConnectError } from './errors';

/** Region names like us-east-1, eu-central-2, us-gov-west-1, cn-north-1, us-isob-east-1. */
const REGION_SHAPE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function isValidRegion(region: string): boolean {
	return REGION_SHAPE.test(region);
}

export function validateRegion(region: string, what = 'Region'): string {
	const trimmed = region.trim();
	if (!isValidRegion(trimmed)) {
		throw new BedrockConnectError('InvalidRegion', `${what} "${region}" is not a valid AWS region name.`, {
			action: 'Use a region code such as us-east-1 or eu-central-1.',
		});
	}
	return trimmed;
}

export function validateSsoRegion(region: string): string {
	return validateRegion(region, 'IAM Identity Center region');
}

/** Returns the start URL normalised (trimmed, no trailing slash); throws InvalidStartUrl otherwise. */
export function validateStartUrl(startUrl: string): string {
	const trimmed = startUrl.trim();
	let url: URL;
	try {
		url = new URL(trimmed);
	} catch {
		throw new BedrockConnectError('InvalidStartUrl', `"${startUrl}" is not a URL.`, {
			action: 'Use the AWS access portal URL of your IAM Identity Center, e.g. https://my-org.awsapps.com/start.',
		});
	}
	if (url.protocol !== 'https:') {
		throw new BedrockConnectError('InvalidStartUrl', `The start URL must use https, not ${url.protocol.replace(':', '')}.`, {
			action: 'Use the https:// AWS access portal URL of your IAM Identity Center, e.g. https://my-org.awsapps.com/start.',
		});
	}
	return trimmed.replace(/\/+$/, '');
}

export function validateAccountId(accountId: string): string {
	if (!/^\d{12}$/.test(accountId)) {
		throw new BedrockConnectError('InvalidInput', `"${accountId}" is not an AWS account id (12 digits).`, {
			action: 'Pick the account from the list, or enter its 12-digit id.',
		});
	}
	return accountId;
}

/** IAM role and permission-set names: letters, digits and +=,.@_- only, at most 64 characters. */
export function validateRoleName(roleName: string): string {
	const trimmed = roleName.trim();
	if (!/^[\w+=,.@-]{1,64}$/.test(trimmed)) {
		throw new BedrockConnectError('InvalidInput', trimmed ? `"${trimmed.slice(0, 70)}" is not a role name.` : 'No role was chosen.', {
			action: 'Pick the role from the list; role names use letters, digits and + = , . @ _ - only.',
		});
	}
	return trimmed;
}
