// The Bedrock API key (a bearer token that only Bedrock accepts), kept in the SecretStore.
import type { SecretStore } from '../ports';
import { BedrockConnectError } from '../errors';
import type { Identity } from '../engineTypes';
import type { CredentialSource } from '../refreshingProvider';
import type { SourceBuilder } from './sourceBuilder';

export const BEDROCK_API_KEY_SECRET = 'bedrockConnect.bedrockApiKey';

export async function saveBedrockApiKey(secrets: SecretStore, token: string): Promise<void> {
	const trimmed = token.trim();
	if (trimmed.length < 20 || /\s/.test(trimmed)) {
		throw new BedrockConnectError('InvalidInput', 'That does not look like a Bedrock API key.', {
			action: 'Paste the whole key as the Bedrock console shows it.',
		});
	}
	await secrets.store(BEDROCK_API_KEY_SECRET, JSON.stringify({ v: 1, token: trimmed }));
}

export function fromStoredBearerToken(init: { secrets: SecretStore }): () => Promise<{ token: string; expiration?: Date }> {
	return async () => {
		const text = await init.secrets.get(BEDROCK_API_KEY_SECRET);
		let token: string | undefined;
		try {
			const record = text ? (JSON.parse(text) as { v?: number; token?: string }) : undefined;
			token = record?.v === 1 ? record.token : undefined;
		} catch {
			token = undefined;
		}
		if (!token) {
			throw new BedrockConnectError('SignInRequired', 'No Bedrock API key is stored.', {
				action: 'Sign in again and paste your Bedrock API key.',
			});
		}
		return { token };
	};
}

/** SigV4 credentials do not exist for this sign-in: say so instead of failing somewhere deep in a client. */
export function bearerOnlyCredentials(): CredentialSource {
	return async () => {
		throw new BedrockConnectError('InvalidInput', 'This sign-in uses a Bedrock API key, which works only for Bedrock chat, not for other AWS calls.', {
			action: 'Sign in with IAM Identity Center, a profile or access keys to use other AWS features.',
		});
	};
}

export const build: SourceBuilder<'bedrockApiKey'> = (_spec, context) => ({
	source: bearerOnlyCredentials(),
	traits: {
		canRefreshSilently: () => true,
		signInExpiresAt: () => undefined,
		bearerToken: fromStoredBearerToken({ secrets: context.secrets }),
		identity: bedrockApiKeyIdentity,
	},
	label: 'bedrockApiKey',
});

/** STS cannot say whose a Bedrock API key is; say so plainly instead of failing inside a client. */
function bedrockApiKeyIdentity(): Identity {
	throw new BedrockConnectError('InvalidInput', 'A Bedrock API key has no AWS identity that STS can show.', {
		action: 'Sign in with IAM Identity Center, a profile or access keys to see who you are.',
	});
}
