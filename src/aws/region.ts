// Picks the region for STS and Bedrock: the explicit setting, then the profile's own region,
// then AWS_REGION / AWS_DEFAULT_REGION, then us-east-1.
import type { SignInSpec } from './engineTypes';
import type { SharedConfig } from './config';
import { validateRegion } from './validation';

export const FALLBACK_REGION = 'us-east-1';

export interface RegionChoice {
	region: string;
	source: 'setting' | 'profile' | 'AWS_REGION' | 'AWS_DEFAULT_REGION' | 'default';
}

/** The profile whose `region` counts for a sign-in, if any. */
export function profileForRegion(spec: SignInSpec, env: NodeJS.ProcessEnv): string | undefined {
	switch (spec.method) {
		case 'profile':
			return spec.profile;
		case 'assumeRole':
			return profileForRegion(spec.base, env);
		case 'defaultChain':
			return env.AWS_PROFILE || 'default';
		default:
			return undefined;
	}
}

export function chooseRegion(spec: SignInSpec, configured: string | undefined, env: NodeJS.ProcessEnv, config: SharedConfig | undefined): RegionChoice {
	if (configured?.trim()) {
		return { region: validateRegion(configured, 'The bedrockConnect.region setting'), source: 'setting' };
	}
	const profile = profileForRegion(spec, env);
	const profileRegion = profile ? config?.profiles.get(profile)?.data.region?.trim() : undefined;
	if (profileRegion) {
		return { region: validateRegion(profileRegion, `The region of profile "${profile}"`), source: 'profile' };
	}
	if (env.AWS_REGION?.trim()) {
		return { region: validateRegion(env.AWS_REGION, 'AWS_REGION'), source: 'AWS_REGION' };
	}
	if (env.AWS_DEFAULT_REGION?.trim()) {
		return { region: validateRegion(env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION'), source: 'AWS_DEFAULT_REGION' };
	}
	return { region: FALLBACK_REGION, source: 'default' };
}
