// What signing out deletes: every SSO token of ours the sign-in rests on (after SSO Logout),
// stored access keys and the Bedrock API key; and whether a sign-in reads the stored keys of a method.
import type { Engine, SignInSpec } from '../../aws/engineTypes';
import type { Logger } from '../../aws/ports';

/** True when `spec` (directly or as an assumed role's base) signs in with `method`'s stored keys. */
export function usesStoredKeys(spec: SignInSpec | undefined, method: 'accessKeys' | 'bedrockApiKey'): boolean {
	return spec?.method === method || (spec?.method === 'assumeRole' && spec.base.method === method);
}

/** What a sign-out could not delete (each failure is also logged); empty: everything is gone. */
export type SignOutLeftovers = string[];

/**
 * Deletes every stored credential: our SSO token, registration and refresh timer for each
 * IAM Identity Center the sign-in rests on (an SSO profile's too), the stored access keys and
 * the Bedrock API key, and every MFA session. Never throws: what failed is returned so the user is told the truth.
 */
export async function deleteStoredCredentials(engine: Engine, spec: SignInSpec | undefined, logger: Logger): Promise<SignOutLeftovers> {
	const leftovers: SignOutLeftovers = [];
	const attempt = async (what: string, run: () => Promise<void>): Promise<void> => {
		try {
			await run();
		} catch (e) {
			logger.warn(`deleting ${what} failed:`, e);
			leftovers.push(what);
		}
	};
	let targets: Array<{ startUrl: string; ssoRegion: string }> = [];
	if (spec) {
		await attempt('the IAM Identity Center sign-in', async () => {
			targets = await engine.ssoTargetsOf(spec);
		});
	}
	for (const target of targets) {
		await attempt(`the IAM Identity Center token for ${target.startUrl}`, () => engine.signOutSso(target.startUrl, target.ssoRegion));
	}
	await attempt('the MFA sessions', async () => engine.forgetMfaSessions?.());
	await attempt('the stored access keys', () => engine.deleteAccessKeys());
	await attempt('the stored Bedrock API key', () => engine.deleteBedrockApiKey());
	return leftovers;
}
