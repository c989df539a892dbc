// Web identity from the environment (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN, optional
// AWS_ROLE_SESSION_NAME), as in EKS pods, CI runners and dev containers: the SDK's fromTokenFile
// reads the token file afresh on each refresh and calls STS AssumeRoleWithWebIdentity (unsigned).
// Profiles with web_identity_token_file go through fromIni (profile.ts) the same way.
import { fromTokenFile } from '@aws-sdk/credential-providers';
import { BedrockConnectError, isBedrockConnectError } from '../errors';
import { networkProblem, shortReason } from '../errorMapping';
import { errorName } from '../errorNames';
import type { NetworkSettings } from '../network';
import { toSourcedCredentials, type SourcedCredentials } from '../refreshingProvider';
import { requestHandlerFor } from '../sdkClients';

/** What STS says about a token it will not take. */
const REFUSED_TOKEN_NAMES = new Set(['InvalidIdentityToken', 'InvalidIdentityTokenException', 'ExpiredTokenException', 'IDPRejectedClaim', 'IDPCommunicationError']);

export function hasWebIdentityEnvironment(env: NodeJS.ProcessEnv): boolean {
	return Boolean(env.AWS_WEB_IDENTITY_TOKEN_FILE?.trim());
}

export async function fromWebIdentityEnvironment(init: { env: NodeJS.ProcessEnv; region: string; network: () => NetworkSettings }): Promise<SourcedCredentials> {
	const tokenFile = init.env.AWS_WEB_IDENTITY_TOKEN_FILE?.trim() ?? '';
	const roleArn = init.env.AWS_ROLE_ARN?.trim();
	if (!roleArn) {
		throw new BedrockConnectError('InvalidConfig', `AWS_WEB_IDENTITY_TOKEN_FILE is set (${tokenFile}) but AWS_ROLE_ARN is not.`, {
			action: 'Set AWS_ROLE_ARN to the role the token may assume, or unset AWS_WEB_IDENTITY_TOKEN_FILE.',
		});
	}
	const network = init.network();
	const requestHandler = requestHandlerFor(network);
	try {
		const credentials = await fromTokenFile({
			webIdentityTokenFile: tokenFile,
			roleArn,
			...(init.env.AWS_ROLE_SESSION_NAME?.trim() ? { roleSessionName: init.env.AWS_ROLE_SESSION_NAME.trim() } : {}),
			clientConfig: { region: init.region, requestHandler },
		})();
		return toSourcedCredentials(credentials);
	} catch (error) {
		throw isBedrockConnectError(error) ? error : (networkProblem(error, network) ?? webIdentityError(error, tokenFile, roleArn));
	} finally {
		requestHandler.destroy();
	}
}

/** A web identity failure in words: the token file, the token, or the role. */
export function webIdentityError(error: unknown, tokenFile: string, roleArn: string): BedrockConnectError {
	const fsCode = (error as NodeJS.ErrnoException | undefined)?.code;
	if (fsCode === 'ENOENT' || fsCode === 'EACCES' || fsCode === 'EISDIR' || fsCode === 'EPERM') {
		return new BedrockConnectError('InvalidConfig', `The web identity token file ${tokenFile} ${fsCode === 'ENOENT' ? 'does not exist' : 'cannot be read'}.`, {
			action: 'Point AWS_WEB_IDENTITY_TOKEN_FILE (or web_identity_token_file) at the file your platform writes the token to.',
			cause: error,
		});
	}
	const name = errorName(error);
	if (REFUSED_TOKEN_NAMES.has(name)) {
		return new BedrockConnectError('SignInRequired', `AWS refused the web identity token in ${tokenFile} (${name}): ${shortReason(error)}`, {
			action: 'Get a fresh token into that file (your identity provider or platform writes it), then refresh.',
			cause: error,
		});
	}
	if (name === 'AccessDenied') {
		return new BedrockConnectError('AccessDenied', `The web identity token in ${tokenFile} may not assume ${roleArn}.`, {
			action: "Check the role's trust policy for this identity provider and subject.",
			cause: error,
		});
	}
	return new BedrockConnectError('Network', `Could not assume ${roleArn} with the web identity token in ${tokenFile}: ${shortReason(error)}`, {
		action: 'Check your network and try again.',
		cause: error,
	});
}
