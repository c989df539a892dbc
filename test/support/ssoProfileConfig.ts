// The shared-config text of an IAM Identity Center profile and its `[sso-session]` section, as the
// AWS CLI's `aws configure sso` writes it, so the tests that need one do not each spell it out.
import { SSO_REGION, START_URL } from './ssoFixtures';

export interface SsoProfileConfigOptions {
	/** Profile name (default `work`). */
	profile?: string;
	/** sso-session name (default `corp`). */
	session?: string;
	startUrl?: string;
	ssoRegion?: string;
	accountId?: string;
	roleName?: string;
	/** The profile's own `region`; no line when absent. */
	region?: string;
	/** `sso_registration_scopes` of the session (the CLI writes `sso:account:access`); no line when absent. */
	registrationScopes?: string;
}

export function ssoProfileConfig(options: SsoProfileConfigOptions = {}): string {
	const session = options.session ?? 'corp';
	const profile = [
		`[profile ${options.profile ?? 'work'}]`,
		`sso_session = ${session}`,
		`sso_account_id = ${options.accountId ?? '111111111111'}`,
		`sso_role_name = ${options.roleName ?? 'BedrockUser'}`,
		...(options.region ? [`region = ${options.region}`] : []),
	];
	const ssoSession = [
		`[sso-session ${session}]`,
		`sso_start_url = ${options.startUrl ?? START_URL}`,
		`sso_region = ${options.ssoRegion ?? SSO_REGION}`,
		...(options.registrationScopes ? [`sso_registration_scopes = ${options.registrationScopes}`] : []),
	];
	return `${profile.join('\n')}\n\n${ssoSession.join('\n')}\n`;
}
