// Assumes a profile's roles hop by hop (role_arn + source_profile) on top of base credentials,
// through the SDK's STS provider: the hop nearest the base is assumed first. Shared by the
// chains our own code starts (a bounded credential_process, an MFA session).
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import type { IniSection } from '../config';

/** True when every hop is a plain role on its source profile (credential_source or web identity: the SDK's way). */
export function arePlainRoleHops(hops: IniSection[]): boolean {
	return hops.every((hop) => hop.role_arn && hop.source_profile && !hop.credential_source && !hop.web_identity_token_file && !hop.credential_process);
}

export function assumeRoleHops(options: {
	/** Role profiles from the one used down to the base (its own source_profile). */
	hops: IniSection[];
	base: AwsCredentialIdentityProvider;
	region: string;
	requestHandler?: NodeHttpHandler;
	/**
	 * `perHop`: a hop's mfa_serial is sent with a code from promptMfaCode (the SDK's way).
	 * `session`: the base is an MFA session already, so no hop asks.
	 */
	mfa: 'perHop' | 'session';
	promptMfaCode?: (mfaSerial: string) => Promise<string>;
}): AwsCredentialIdentityProvider {
	return [...options.hops].reverse().reduce<AwsCredentialIdentityProvider>(
		(master, hop) =>
			fromTemporaryCredentials({
				masterCredentials: master,
				params: {
					RoleArn: hop.role_arn ?? '',
					RoleSessionName: hop.role_session_name ?? `aws-sdk-js-${Date.now()}`,
					...(hop.external_id ? { ExternalId: hop.external_id } : {}),
					...(hop.duration_seconds ? { DurationSeconds: Number(hop.duration_seconds) } : {}),
					...(options.mfa === 'perHop' && hop.mfa_serial ? { SerialNumber: hop.mfa_serial } : {}),
				},
				clientConfig: { region: options.region, ...(options.requestHandler ? { requestHandler: options.requestHandler } : {}) },
				...(options.mfa === 'perHop' && options.promptMfaCode ? { mfaCodeProvider: options.promptMfaCode } : {}),
			}),
		options.base,
	);
}
