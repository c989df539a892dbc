// Whatever the SDK's default chain finds (env, SSO, ini, process, web identity, container,
// instance metadata), asked afresh on every refresh: our refreshing provider does the caching.
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { BedrockConnectError } from '../errors';
import { isTransientError, shortReason } from '../errorMapping';
import { toSourcedCredentials, type CredentialSource } from '../refreshingProvider';
import { ALWAYS_SILENT, type SourceBuilder } from './sourceBuilder';

export function fromDefaultChain(init: { region: string; promptMfaCode?: (mfaSerial: string) => Promise<string> }): CredentialSource {
	return async () => {
		try {
			const credentials = await fromNodeProviderChain({
				ignoreCache: true,
				...(init.promptMfaCode ? { mfaCodeProvider: init.promptMfaCode } : {}),
				// Instance metadata must not stall a desktop for long when there is none.
				timeout: 1000,
				maxRetries: 0,
				clientConfig: { region: init.region },
			})();
			return toSourcedCredentials(credentials);
		} catch (error) {
			if (isTransientError(error)) {
				throw new BedrockConnectError('Network', `The default credential chain could not reach a credential source: ${shortReason(error)}`, { cause: error });
			}
			throw new BedrockConnectError('SignInRequired', `The default credential chain found no usable credentials: ${shortReason(error)}`, {
				action: 'Run "AWS: Diagnose Credentials" to see every source the SDK tried, or choose a sign-in method explicitly.',
				cause: error,
			});
		}
	};
}

export const build: SourceBuilder<'defaultChain'> = (_spec, context) => ({
	source: fromDefaultChain({ region: context.region, ...(context.promptMfaCode ? { promptMfaCode: context.promptMfaCode } : {}) }),
	traits: ALWAYS_SILENT,
	label: 'defaultChain',
});
