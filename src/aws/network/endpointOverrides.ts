// Where the SDK will send requests instead of the usual AWS endpoint: AWS_ENDPOINT_URL* and the
// shared config's `endpoint_url` / `services` sections, and which of those would carry tokens or
// credentials over plain http:// to another machine. Pure: works on the parsed files.
import net from 'node:net';

export interface EndpointOverride {
	/** 'all services' or the service's config key (sso_oidc, bedrock_runtime, sts …). */
	service: string;
	url: string;
	/** Where it is set: `AWS_ENDPOINT_URL_STS`, `profile 'dev' endpoint_url`, `[services corp] sso_oidc` … */
	origin: string;
	/** Plain http:// to a host that is not this machine: the request (and its token) travels unencrypted. */
	insecure: boolean;
}

/** The parsed config file as @smithy/shared-ini-file-loader gives it (`services.NAME` sections with `svc.endpoint_url` keys). */
export type ParsedConfigFile = Record<string, Record<string, string | undefined>>;

/** Services whose calls carry a token or credentials, by their config key and their env suffix. */
export const TOKEN_BEARING_SERVICES: Readonly<Record<string, string>> = {
	sso_oidc: 'IAM Identity Center sign-in (SSO-OIDC: the refresh token)',
	sso: 'the SSO portal (the access token)',
	signin: 'AWS Sign-In (console credentials: the refresh token)',
	sts: 'STS (the session token)',
	bedrock: 'Bedrock (the session token or API key)',
	bedrock_runtime: 'Bedrock Runtime (the session token or API key)',
};

function isLoopback(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (host === 'localhost' || host.endsWith('.localhost')) return true;
	if (net.isIPv4(host)) return host.startsWith('127.');
	return host === '::1';
}

/** True for an http:// URL whose host is not loopback (an unparsable URL is not judged). */
export function isInsecureEndpoint(url: string): boolean {
	try {
		const parsed = new URL(url.trim());
		return parsed.protocol === 'http:' && !isLoopback(parsed.hostname);
	} catch {
		return false;
	}
}

function override(service: string, url: string, origin: string): EndpointOverride {
	return { service, url: url.trim(), origin, insecure: isInsecureEndpoint(url) };
}

/** The AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> variables (ignored with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true). */
export function envEndpointOverrides(env: Readonly<Record<string, string | undefined>>): EndpointOverride[] {
	if ((env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true') return [];
	return Object.keys(env)
		.filter((name) => name.startsWith('AWS_ENDPOINT_URL') && env[name]?.trim())
		.sort()
		.map((name) => override(name === 'AWS_ENDPOINT_URL' ? 'all services' : name.slice('AWS_ENDPOINT_URL_'.length).toLowerCase(), env[name]!, name));
}

/**
 * The endpoint overrides a profile gets from the config file: its own `endpoint_url` (every
 * service) and the `endpoint_url` of each service in the `[services NAME]` section it names.
 */
export function configEndpointOverrides(configFile: ParsedConfigFile, profile: string): EndpointOverride[] {
	const data = configFile[profile];
	if (!data || (data.ignore_configured_endpoint_urls ?? '').toLowerCase() === 'true') return [];
	const out: EndpointOverride[] = [];
	if (data.endpoint_url?.trim()) {
		out.push(override('all services', data.endpoint_url, `profile '${profile}' endpoint_url`));
	}
	const sectionName = data.services?.trim();
	const section = sectionName ? configFile[`services.${sectionName}`] : undefined;
	for (const [key, value] of Object.entries(section ?? {})) {
		const match = /^(.+)\.endpoint_url$/.exec(key);
		if (match && value?.trim()) {
			out.push(override(match[1].toLowerCase().replace(/-/g, '_'), value, `[services ${sectionName}] ${match[1]}`));
		}
	}
	return out;
}

/** What an insecure override exposes, for the warning. */
export function exposedBy(overrideFor: EndpointOverride): string {
	if (overrideFor.service === 'all services') return Object.values(TOKEN_BEARING_SERVICES).join(', ');
	return TOKEN_BEARING_SERVICES[overrideFor.service] ?? `${overrideFor.service} (signed with your session token)`;
}
