// A profile whose credentials start at an IAM user's long-term keys and need MFA: the keys
// themselves with mfa_serial, or a role chain (role_arn + source_profile, hop by hop) down to
// them with mfa_serial on the way. The MFA session (mfa/mfaSessions.ts) replaces the keys, so
// every role on top is assumed without another code until that session ends.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import type { IniSection } from '../config';
import { EXPIRED_CREDENTIAL_NAMES, UNKNOWN_CREDENTIAL_NAMES, errorName } from '../errorNames';
import type { MfaSessions } from '../mfa/mfaSessions';
import type { NetworkSettings } from '../network';
import { arePlainRoleHops, assumeRoleHops } from './roleHops';

export interface MfaChain {
	/** Role profiles from the one used down to the keys (empty: the keys' own profile). */
	hops: IniSection[];
	base: IniSection;
	mfaSerial: string;
}

/**
 * The MFA chain of `chain` (the profile, then each source_profile), or undefined when the chain
 * is another shape (no mfa_serial, temporary keys, credential_source, web identity …): the SDK's way then.
 */
export function mfaChainOf(chain: IniSection[]): MfaChain | undefined {
	const base = chain[chain.length - 1];
	if (!base?.aws_access_key_id || !base.aws_secret_access_key || base.aws_session_token || base.role_arn) {
		return undefined;
	}
	const hops = chain.slice(0, -1);
	if (!arePlainRoleHops(hops)) {
		return undefined;
	}
	// The device nearest the keys: that is where the user proves who they are.
	const mfaSerial = [base, ...[...hops].reverse()].map((p) => p.mfa_serial?.trim()).find((serial) => serial);
	return mfaSerial ? { hops, base, mfaSerial } : undefined;
}

export function fromMfaRoleChain(options: {
	chain: MfaChain;
	sessions: MfaSessions;
	region: string;
	network: () => NetworkSettings;
	/** The network-aware handler (CA bundle, proxy) for the STS clients of each hop. */
	requestHandler?: NodeHttpHandler;
}): AwsCredentialIdentityProvider {
	const { chain, sessions } = options;
	const base = { accessKeyId: chain.base.aws_access_key_id ?? '', secretAccessKey: chain.base.aws_secret_access_key ?? '' };
	const request = { base, mfaSerial: chain.mfaSerial, region: options.region, network: options.network };
	const session = async (): Promise<AwsCredentialIdentity> => sessions.get(request);
	// Every role is assumed from the MFA session: no hop asks for a code again.
	const provider = assumeRoleHops({
		hops: chain.hops,
		base: session,
		region: options.region,
		mfa: 'session',
		...(options.requestHandler ? { requestHandler: options.requestHandler } : {}),
	});
	return async () => {
		try {
			return await provider();
		} catch (error) {
			// AWS no longer takes the session (it ended early, or was revoked): forget it and ask once more.
			const name = errorName(error);
			if (EXPIRED_CREDENTIAL_NAMES.has(name) || UNKNOWN_CREDENTIAL_NAMES.has(name)) {
				await sessions.forget(base.accessKeyId, chain.mfaSerial);
				return provider();
			}
			throw error;
		}
	};
}
