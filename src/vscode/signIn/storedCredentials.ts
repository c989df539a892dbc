// What signing out deletes: the SSO token (after SSO Logout), stored access keys and the
// Bedrock API key; and whether a sign-in reads the stored keys of a method.
import type { Engine, SignInSpec } from '../../aws/engineTypes';
import type { Logger } from '../../aws/ports';

/** True when `spec` (directly or as an assumed role's base) signs in with `method`'s stored keys. */
export function usesStoredKeys(spec: SignInSpec | undefined, method: 'accessKeys' | 'bedrockApiKey'): boolean {
	return spec?.method === method || (spec?.method === 'assumeRole' && spec.base.method === method);
}

/** Deletes every stored credential; each failure is logged, never thrown. */
export async function deleteStoredCredentials(engine: Engine, spec: SignInSpec | undefined, logger: Logger): Promise<void> {
	const sso = spec?.method === 'sso' ? spec : spec?.method === 'assumeRole' && spec.base.method === 'sso' ? spec.base : undefined;
	if (sso) {
		await engine.signOutSso(sso.startUrl, sso.ssoRegion).catch((e) => logger.warn('SSO logout failed:', e));
	}
	await engine.deleteAccessKeys().catch((e) => logger.warn('deleting access keys failed:', e));
	await engine.deleteBedrockApiKey().catch((e) => logger.warn('deleting the API key failed:', e));
}
