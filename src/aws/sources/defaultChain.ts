// Whatever the SDK's default chain finds (env, SSO, ini, process, web identity, container,
// instance metadata), asked afresh on every refresh: our refreshing provider does the caching.
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { BedrockConnectError, isBedrockConnectError } from '../errors';
import { isTransientError, networkProblem, shortReason } from '../errorMapping';
import type { NetworkSettings } from '../network';
import { toSourcedCredentials, type CredentialSource } from '../refreshingProvider';
import { requestHandlerFor } from '../sdkClients';
import { ALWAYS_SILENT, type SourceBuilder } from './sourceBuilder';

export function fromDefaultChain(init: { region: string; network: () => NetworkSettings; promptMfaCode?: (mfaSerial: string) => Promise<string> }): CredentialSource {
	return async () => {
		// One handler per refresh, for every STS/SSO/SSO-OIDC client the chain makes; closed afterwards.
		let handler: ReturnType<typeof requestHandlerFor> | undefined;
		try {
			handler = requestHandlerFor(init.network());
			const credentials = await fromNodeProviderChain({
				ignoreCache: true,
				...(init.promptMfaCode ? { mfaCodeProvider: init.promptMfaCode } : {}),
				// Instance metadata must not stall a desktop for long when there is none.
				timeout: 1000,
				maxRetries: 0,
				clientConfig: { region: init.region, requestHandler: handler },
			})();
			return toSourcedCredentials(credentials);
		} catch (error) {
			if (isBedrockConnectError(error)) {
				throw error;
			}
			const problem = networkProblem(error, init.network());
			if (problem) {
				throw problem;
			}
			if (isTransientError(error)) {
				throw new BedrockConnectError('Network', `The default credential chain could not reach a credential source: ${shortReason(error)}`, { cause: error });
			}
			throw new BedrockConnectError('SignInRequired', `The default credential chain found no usable credentials: ${shortReason(error)}`, {
				action: 'Run "AWS: Diagnose Credentials" to see every source the SDK tried, or choose a sign-in method explicitly.',
				cause: error,
			});
		} finally {
			handler?.destroy();
		}
	};
}

export const build: SourceBuilder<'defaultChain'> = (_spec, context) => ({
	source: fromDefaultChain({ region: context.region, network: context.network, ...(context.promptMfaCode ? { promptMfaCode: context.promptMfaCode } : {}) }),
	traits: ALWAYS_SILENT,
	label: 'defaultChain',
});
