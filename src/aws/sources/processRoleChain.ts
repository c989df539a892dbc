// A role chain (role_arn + source_profile, hop by hop) that ends in a credential_process.
// The SDK would run that process itself without a time limit and without stopping what it
// started; here our bounded runner (credentialProcess.ts) gives the base credentials and
// the SDK's STS provider assumes each role on top of them.
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import type { IniSection } from '../config';
import { runCredentialProcess } from './credentialProcess';

/** The role hops from the profile down to the credential_process, or undefined for another shape. */
export function processRoleChainOf(chain: IniSection[]): { hops: IniSection[]; base: IniSection } | undefined {
	const base = chain[chain.length - 1];
	const hops = chain.slice(0, -1);
	if (chain.length < 2 || !base?.credential_process || base.role_arn) {
		return undefined;
	}
	// Each hop must be a plain role on its source profile (credential_source or web identity: the SDK's way).
	const plainHops = hops.every((hop) => hop.role_arn && hop.source_profile && !hop.credential_source && !hop.web_identity_token_file && !hop.credential_process);
	return plainHops ? { hops, base } : undefined;
}

export function fromProcessRoleChain(options: {
	profile: string;
	hops: IniSection[];
	base: IniSection;
	region: string;
	env: NodeJS.ProcessEnv;
	timeoutMs?: number;
	promptMfaCode?: (mfaSerial: string) => Promise<string>;
	/** The network-aware handler (CA bundle, proxy) for the STS clients of each hop. */
	requestHandler?: NodeHttpHandler;
}): AwsCredentialIdentityProvider {
	const baseProvider = async (): Promise<AwsCredentialIdentity> =>
		runCredentialProcess({
			command: options.base.credential_process ?? '',
			profile: options.profile,
			env: options.env,
			...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
		});
	// From the base up: the last hop's role is assumed first.
	return [...options.hops].reverse().reduce<AwsCredentialIdentityProvider>(
		(master, hop) =>
			fromTemporaryCredentials({
				masterCredentials: master,
				params: {
					RoleArn: hop.role_arn ?? '',
					RoleSessionName: hop.role_session_name ?? `aws-sdk-js-${Date.now()}`,
					...(hop.external_id ? { ExternalId: hop.external_id } : {}),
					...(hop.duration_seconds ? { DurationSeconds: Number(hop.duration_seconds) } : {}),
					...(hop.mfa_serial ? { SerialNumber: hop.mfa_serial } : {}),
				},
				clientConfig: { region: options.region, ...(options.requestHandler ? { requestHandler: options.requestHandler } : {}) },
				...(options.promptMfaCode ? { mfaCodeProvider: options.promptMfaCode } : {}),
			}),
		baseProvider,
	);
}
