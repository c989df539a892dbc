// Credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, read again
// on every refresh so rotated variables are picked up (the Toolkit caches them forever, #2029);
// without keys, a web identity (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN) when one is set.
import { BedrockConnectError } from '../errors';
import type { NetworkSettings } from '../network';
import type { CredentialSource } from '../refreshingProvider';
import { ALWAYS_SILENT, type SourceBuilder } from './sourceBuilder';
import { fromWebIdentityEnvironment, hasWebIdentityEnvironment } from './webIdentity';

export function fromEnvironment(init: { env: () => NodeJS.ProcessEnv; webIdentity?: { region: string; network: () => NetworkSettings } }): CredentialSource {
	return async () => {
		const env = init.env();
		const accessKeyId = env.AWS_ACCESS_KEY_ID?.trim();
		const secretAccessKey = env.AWS_SECRET_ACCESS_KEY?.trim();
		if (!accessKeyId && !secretAccessKey && init.webIdentity && hasWebIdentityEnvironment(env)) {
			return fromWebIdentityEnvironment({ env, ...init.webIdentity });
		}
		if (!accessKeyId || !secretAccessKey) {
			throw new BedrockConnectError(
				'SignInRequired',
				accessKeyId
					? 'AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not.'
					: 'No credentials in the environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set.',
				{ action: 'Set both variables before starting VS Code, or choose another sign-in method.' },
			);
		}
		const sessionToken = env.AWS_SESSION_TOKEN?.trim();
		const expirationText = env.AWS_CREDENTIAL_EXPIRATION?.trim();
		const expiration = expirationText ? new Date(expirationText) : undefined;
		return {
			accessKeyId,
			secretAccessKey,
			...(sessionToken ? { sessionToken } : {}),
			...(expiration && !Number.isNaN(expiration.getTime()) ? { expiration } : {}),
		};
	};
}

export const build: SourceBuilder<'environment'> = (_spec, context) => ({
	source: fromEnvironment({ env: context.env, webIdentity: { region: context.region, network: context.network } }),
	traits: ALWAYS_SILENT,
	label: 'environment',
});
