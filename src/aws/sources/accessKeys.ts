// Access keys the user pasted, kept only in the SecretStore as versioned JSON; read on every
// refresh so "Sign In with Access Keys…" again takes effect at once.
import type { PastedAccessKeys } from '../engineTypes';
import type { Clock, SecretStore } from '../ports';
import { BedrockConnectError } from '../errors';
import type { CredentialSource } from '../refreshingProvider';
import type { SourceBuilder } from './sourceBuilder';

export const ACCESS_KEYS_SECRET = 'bedrockConnect.accessKeys';

interface StoredAccessKeys {
	v: 1;
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
	/** ISO */
	expiration?: string;
}

export function validatePastedKeys(keys: PastedAccessKeys): void {
	if (!/^[A-Z0-9]{16,128}$/.test(keys.accessKeyId.trim())) {
		throw new BedrockConnectError('InvalidInput', 'That does not look like an AWS access key id (e.g. AKIA… or ASIA…).', {
			action: 'Paste the access key id exactly as AWS shows it.',
		});
	}
	if (keys.secretAccessKey.trim().length < 16) {
		throw new BedrockConnectError('InvalidInput', 'The secret access key is too short.', { action: 'Paste the whole secret access key.' });
	}
	if (keys.accessKeyId.trim().startsWith('ASIA') && !keys.sessionToken) {
		throw new BedrockConnectError('InvalidInput', 'Temporary keys (ASIA…) need their session token too.', {
			action: 'Paste the session token that came with the keys.',
		});
	}
}

export async function saveAccessKeys(secrets: SecretStore, keys: PastedAccessKeys): Promise<void> {
	validatePastedKeys(keys);
	const record: StoredAccessKeys = {
		v: 1,
		accessKeyId: keys.accessKeyId.trim(),
		secretAccessKey: keys.secretAccessKey.trim(),
		...(keys.sessionToken ? { sessionToken: keys.sessionToken.trim() } : {}),
		...(keys.expiration ? { expiration: keys.expiration.toISOString() } : {}),
	};
	await secrets.store(ACCESS_KEYS_SECRET, JSON.stringify(record));
}

export async function loadAccessKeys(secrets: SecretStore): Promise<PastedAccessKeys | undefined> {
	const text = await secrets.get(ACCESS_KEYS_SECRET);
	if (!text) {
		return undefined;
	}
	try {
		const record = JSON.parse(text) as StoredAccessKeys;
		if (record.v !== 1 || !record.accessKeyId || !record.secretAccessKey) {
			return undefined;
		}
		return {
			accessKeyId: record.accessKeyId,
			secretAccessKey: record.secretAccessKey,
			...(record.sessionToken ? { sessionToken: record.sessionToken } : {}),
			...(record.expiration ? { expiration: new Date(record.expiration) } : {}),
		};
	} catch {
		return undefined;
	}
}

export function fromStoredAccessKeys(init: { secrets: SecretStore; clock: Clock }): CredentialSource {
	return async () => {
		const keys = await loadAccessKeys(init.secrets);
		if (!keys) {
			throw new BedrockConnectError('SignInRequired', 'No access keys are stored.', {
				action: 'Run "AWS: Sign In with Access Keys…" and paste your keys.',
			});
		}
		if (keys.expiration && keys.expiration.getTime() <= init.clock.now()) {
			throw new BedrockConnectError('SignInRequired', `The pasted keys expired at ${keys.expiration.toISOString()}.`, {
				action: 'Paste fresh keys with "AWS: Sign In with Access Keys…", or choose another sign-in method.',
			});
		}
		return {
			accessKeyId: keys.accessKeyId,
			secretAccessKey: keys.secretAccessKey,
			...(keys.sessionToken ? { sessionToken: keys.sessionToken } : {}),
			...(keys.expiration ? { expiration: keys.expiration } : {}),
		};
	};
}

/** Pasted temporary keys cannot be renewed silently: the UI counts down to their expiry. */
export const build: SourceBuilder<'accessKeys'> = (_spec, context) => {
	let expiresAt: Date | undefined;
	const inner = fromStoredAccessKeys({ secrets: context.secrets, clock: context.clock });
	return {
		source: async () => {
			const keys = await inner();
			expiresAt = keys.expiration;
			return keys;
		},
		traits: { canRefreshSilently: () => expiresAt === undefined, signInExpiresAt: () => expiresAt },
		label: 'accessKeys',
	};
};
