// A role chain (role_arn + source_profile, hop by hop) that ends in a credential_process.
// The SDK would run that process itself without a time limit and without stopping what it
// started; here our bounded runner (credentialProcess.ts) gives the base credentials and
// the SDK's STS provider assumes each role on top of them.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import type { IniSection } from '../config';
import { runCredentialProcess } from './credentialProcess';
import { arePlainRoleHops, assumeRoleHops } from './roleHops';

/** The role hops from the profile down to the credential_process, or undefined for another shape. */
export function processRoleChainOf(chain: IniSection[]): { hops: IniSection[]; base: IniSection } | undefined {
	const base = chain[chain.length - 1];
	const hops = chain.slice(0, -1);
	if (chain.length < 2 || !base?.credential_process || base.role_arn) {
		return undefined;
	}
	return arePlainRoleHops(hops) ? { hops, base } : undefined;
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
	return assumeRoleHops({
		hops: options.hops,
		base: baseProvider,
		region: options.region,
		mfa: 'perHop',
		...(options.requestHandler ? { requestHandler: options.requestHandler } : {}),
		...(options.promptMfaCode ? { promptMfaCode: options.promptMfaCode } : {}),
	});
}
