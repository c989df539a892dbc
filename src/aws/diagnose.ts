// "AWS: Diagnose Credentials": looks at every place the SDK would find credentials (env,
// shared files, profiles, the CLI's SSO cache, container and instance hints, region), then
// tries the relevant ones quickly and says, per problem, what to do. Secrets are masked.
import { fromInstanceMetadata } from '@aws-sdk/credential-providers';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { DiagnosisFinding, DiagnosisReport, Identity } from './engineTypes';
import type { Clock } from './ports';
import { classifyProfile, homeDirectory, loadSharedConfig, sharedConfigPaths, validateSharedConfigFiles, type SharedConfig } from './config';
import { consoleSessionFindings } from './login/diagnoseConsole';
import { isBedrockConnectError } from './errors';
import { shortReason } from './errorMapping';
import type { SourcedCredentials } from './refreshingProvider';
import { chooseRegion } from './region';
import { listCliTokens } from './sso/cliTokenCache';
import { isValidRegion } from './validation';
import { withTimeLimit } from './timeLimit';
import { webIdentityTokenFileProblem } from './webIdentityFileCheck';
import { errorName } from './errorNames';
import {
	checkNetwork,
	configEndpointOverrides,
	envEndpointOverrides,
	exposedBy,
	resolveNetworkSettings,
	type EndpointOverride,
	type NetworkSettings,
	type ParsedConfigFile,
} from './network';

export interface DiagnoseInit {
	env: NodeJS.ProcessEnv;
	clock: Clock;
	hasStoredAccessKeys(): Promise<boolean>;
	/** Resolves a profile's credentials (no MFA prompt; credential_process with a short limit). */
	tryProfile(name: string): Promise<SourcedCredentials>;
	tryEnvironment(): Promise<SourcedCredentials>;
	/** STS GetCallerIdentity; a profile's ca_bundle applies to its own call. */
	callerIdentity(credentials: SourcedCredentials, region: string, profileCaBundle?: string): Promise<Identity>;
	/** The CA bundle and proxy clients use (with a profile's ca_bundle). Default: from `env` only. */
	network?(profileCaBundle?: string): NetworkSettings;
	/** Per attempt. Default 5 s. */
	attemptTimeoutMs?: number;
	/** Instance metadata probe. Default 1 s; 0 skips it. */
	imdsTimeoutMs?: number;
	/** The AWS CLI on PATH (asked only when a profile uses console credentials). */
	awsCli?: () => Promise<{ version?: string; supportsLogin: boolean; installUrl: string }>;
}

/** At most this many profiles are tried for real; the rest are only checked on paper. */
const MAX_PROFILES_TRIED = 8;

export function mask(value: string | undefined): string {
	if (!value) {
		return '(empty)';
	}
	return `${value.slice(0, 4)}…`;
}

export async function diagnose(init: DiagnoseInit): Promise<DiagnosisReport> {
	const findings: DiagnosisFinding[] = [];
	const add = (f: DiagnosisFinding): void => {
		findings.push(f);
	};
	const { env } = init;
	const timeoutMs = init.attemptTimeoutMs ?? 5_000;

	// 1. Environment variables.
	const envSource = 'Environment variables';
	const keyId = env.AWS_ACCESS_KEY_ID;
	const secret = env.AWS_SECRET_ACCESS_KEY;
	if (keyId && secret) {
		add({ source: envSource, severity: 'info', summary: `AWS_ACCESS_KEY_ID=${mask(keyId)} and AWS_SECRET_ACCESS_KEY=${mask(secret)} are set${env.AWS_SESSION_TOKEN ? ', with AWS_SESSION_TOKEN' : ''}.` });
	} else if (keyId || secret) {
		add({ source: envSource, severity: 'error', summary: `Only ${keyId ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY'} is set.`, fix: 'Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither.' });
	} else {
		add({ source: envSource, severity: 'info', summary: 'No access keys in the environment.' });
	}
	if (env.AWS_SESSION_TOKEN && !keyId) {
		add({ source: envSource, severity: 'warning', summary: 'AWS_SESSION_TOKEN is set without access keys; it is ignored.' });
	}
	for (const name of ['AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'HTTPS_PROXY', 'https_proxy', 'AWS_CA_BUNDLE']) {
		if (env[name]) {
			add({ source: envSource, severity: 'info', summary: `${name}=${withoutUserInfo(env[name])}` });
		}
	}
	for (const found of envEndpointOverrides(env)) {
		add(endpointFinding(envSource, found));
	}
	if (env.AWS_BEARER_TOKEN_BEDROCK) {
		add({ source: envSource, severity: 'info', summary: `AWS_BEARER_TOKEN_BEDROCK=${mask(env.AWS_BEARER_TOKEN_BEDROCK)} is set; Bedrock Connect uses it only if you sign in with a Bedrock API key.` });
	}
	for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
		const value = env[name];
		if (value && !isValidRegion(value.trim())) {
			add({ source: envSource, severity: 'error', summary: `${name}="${value}" is not a region name.`, fix: `Set ${name} to a region code such as us-east-1.` });
		}
	}

	// 1b. Network: the CA bundle (read and parsed) and the proxy, never its credentials.
	const networkFor = (profileCaBundle?: string): NetworkSettings => (init.network ? init.network(profileCaBundle) : resolveNetworkSettings({ env, ...(profileCaBundle ? { profileCaBundle } : {}) }));
	try {
		for (const check of checkNetwork(networkFor())) {
			add({ source: 'Network', severity: check.level, summary: check.detail.startsWith(check.title) ? check.detail : `${check.title}: ${check.detail}`, ...(check.level === 'error' ? { fix: "Fix AWS_CA_BUNDLE (or the profile's ca_bundle) to name a readable PEM file, or unset it." } : {}) });
		}
	} catch (error) {
		add({ source: 'Network', severity: 'error', summary: shortReason(error), fix: 'Fix http.proxy / HTTPS_PROXY.' });
	}

	// 2. Container and instance hints.
	const containerSource = 'Container / instance';
	const containerUri = env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ?? env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
	if (containerUri) {
		add({ source: containerSource, severity: 'info', summary: `Container credentials endpoint configured (${env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ? 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI' : 'AWS_CONTAINER_CREDENTIALS_FULL_URI'}); the "default chain" sign-in can use it.` });
	}
	if (env.AWS_WEB_IDENTITY_TOKEN_FILE) {
		const problem = await webIdentityTokenFileProblem(env.AWS_WEB_IDENTITY_TOKEN_FILE);
		add({
			source: containerSource,
			severity: problem || !env.AWS_ROLE_ARN ? 'error' : 'info',
			summary: [
				`AWS_WEB_IDENTITY_TOKEN_FILE=${env.AWS_WEB_IDENTITY_TOKEN_FILE}${problem ? ` (the file ${problem})` : ''}`,
				env.AWS_ROLE_ARN ? `AWS_ROLE_ARN=${env.AWS_ROLE_ARN}` : 'AWS_ROLE_ARN is not set',
			].join('; ') + '.',
			...(!problem && env.AWS_ROLE_ARN ? {} : { fix: 'Set both AWS_WEB_IDENTITY_TOKEN_FILE (a readable file holding the token) and AWS_ROLE_ARN.' }),
		});
	}
	const imdsTimeout = init.imdsTimeoutMs ?? 1_000;
	if (imdsTimeout > 0 && env.AWS_EC2_METADATA_DISABLED !== 'true' && !containerUri) {
		const found = await withTimeout(fromInstanceMetadata({ timeout: imdsTimeout, maxRetries: 0 })(), imdsTimeout + 200).then(
			() => true,
			() => false,
		);
		add({ source: containerSource, severity: 'info', summary: found ? 'EC2 instance metadata offers role credentials (the "default chain" sign-in can use them).' : 'No EC2 instance metadata credentials (normal outside EC2).' });
	}

	// 3. Shared files.
	let config: SharedConfig | undefined;
	const { problems, present } = await validateSharedConfigFiles(sharedConfigPaths(env));
	try {
		config = await loadSharedConfig(env);
	} catch (error) {
		add({ source: 'Shared config files', severity: 'error', summary: `Cannot be read: ${shortReason(error)}` });
	}
	if (config) {
		const { configFile, credentialsFile } = config.paths;
		add({ source: 'Shared config files', severity: 'info', summary: `${configFile}: ${present.config ? 'present' : 'not found'}; ${credentialsFile}: ${present.credentials ? 'present' : 'not found'}.` });
	}
	// Endpoint overrides from the config file: the SDK honours them for every client, the OIDC refresh included.
	const rawConfig = await loadSharedConfigFiles({ filepath: sharedConfigPaths(env).credentialsFile, configFilepath: sharedConfigPaths(env).configFile, ignoreCache: true }).then(
		(files) => files.configFile as ParsedConfigFile,
		() => undefined,
	);
	if (rawConfig && (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() !== 'true') {
		const active = env.AWS_PROFILE || 'default';
		for (const name of Object.keys(rawConfig).filter((key) => !key.includes('.') || key === 'default')) {
			for (const found of configEndpointOverrides(rawConfig, name)) {
				add(endpointFinding(`Profile '${name}'${name === active ? ' (used by the SDK clients)' : ''}`, found));
			}
		}
	}
	for (const p of problems) {
		add({ source: `Shared config files`, severity: p.severity, summary: `${p.file}${p.line ? `, line ${p.line}` : ''}: ${p.message}`, fix: 'Edit the file at that line (the SDK skips what it cannot read).' });
	}

	// 4. Profiles on paper.
	const cliTokens = await listCliTokens(homeDirectory(env));
	if (config) {
		const kinds = new Map<string, number>();
		for (const [, entry] of config.profiles) {
			const kind = classifyProfile(entry.data);
			kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
		}
		add({
			source: 'Profiles',
			severity: config.profiles.size ? 'info' : 'warning',
			summary: config.profiles.size ? `${config.profiles.size} profile(s): ${[...kinds.entries()].map(([k, n]) => `${n} ${k}`).join(', ')}.` : 'No profiles found.',
			...(config.profiles.size ? {} : { fix: 'Create one with `aws configure` or `aws configure sso`, or use another sign-in method.' }),
		});
		if (env.AWS_PROFILE && !config.profiles.has(env.AWS_PROFILE)) {
			add({ source: 'Profiles', severity: 'error', summary: `AWS_PROFILE names "${env.AWS_PROFILE}", which does not exist.`, fix: 'Fix AWS_PROFILE or add that profile.' });
		}
		for (const [name, entry] of config.profiles) {
			for (const issue of paperIssues(name, entry.data, config)) {
				add(issue);
			}
			const tokenFile = entry.data.web_identity_token_file;
			const problem = tokenFile ? await webIdentityTokenFileProblem(tokenFile) : undefined;
			if (tokenFile && problem) {
				add({ source: `Profile '${name}'`, severity: 'error', summary: `web_identity_token_file ${tokenFile} ${problem}.`, fix: `Point web_identity_token_file in [profile ${name}] at the file your platform writes the token to.` });
			}
		}
		for (const [name, session] of config.ssoSessions) {
			if (!session.sso_start_url || !session.sso_region) {
				add({ source: `SSO session '${name}'`, severity: 'error', summary: `[sso-session ${name}] lacks ${!session.sso_start_url ? 'sso_start_url' : 'sso_region'}.`, fix: 'Run `aws configure sso-session` or add the missing setting.' });
			} else if (!session.sso_registration_scopes) {
				add({ source: `SSO session '${name}'`, severity: 'info', summary: `[sso-session ${name}] has no sso_registration_scopes; the default sso:account:access is used (as the CLI does).` });
			}
		}
	}

	// 5. The AWS CLI's SSO token cache (never the tokens themselves).
	const now = init.clock.now();
	for (const token of cliTokens) {
		const expired = token.expiresAt.getTime() <= now;
		const profile = config && token.startUrl ? profileForStartUrl(config, token.startUrl) : undefined;
		add({
			source: 'AWS CLI SSO cache',
			severity: expired ? (token.hasRefreshToken ? 'info' : 'warning') : 'ok',
			summary: `${token.startUrl ?? 'unknown start URL'} (${token.region ?? 'unknown region'}): access token ${expired ? 'expired' : 'valid until'} ${token.expiresAt.toISOString()}${token.hasRefreshToken ? ', renewable' : ''}.`,
			...(expired && !token.hasRefreshToken ? { fix: profile ? `Run \`aws sso login --profile ${profile}\`.` : 'Run `aws sso login`, or sign in with IAM Identity Center here.' } : {}),
		});
	}
	// 5b. Console credentials (`aws login`): the CLI's login cache, never its secrets.
	if (config && init.awsCli) {
		findings.push(...(await consoleSessionFindings(config, env, now, init.awsCli)));
	}
	if (await init.hasStoredAccessKeys().catch(() => false)) {
		add({ source: 'Bedrock Connect', severity: 'info', summary: 'Pasted access keys are stored (in VS Code secret storage).' });
	}

	// 6. Region.
	try {
		const choice = chooseRegion({ method: 'defaultChain' }, undefined, env, config);
		add({ source: 'Region', severity: 'info', summary: `Without a bedrockConnect.region setting, ${choice.region} is used (from ${choice.source === 'default' ? 'the built-in default' : choice.source}).`, ...(choice.source === 'default' ? { fix: 'Set bedrockConnect.region, AWS_REGION, or region in your profile to choose another.' } : {}) });
	} catch (error) {
		add({ source: 'Region', severity: 'error', summary: shortReason(error), fix: isBedrockConnectError(error) ? error.action : undefined });
	}

	// 7. Try the sources that matter, quickly.
	const region = safeRegion(env, config);
	if (keyId && secret) {
		add(await attempt(envSource, () => init.tryEnvironment(), init, region, timeoutMs));
	}
	if (config) {
		const preferred = [env.AWS_PROFILE, 'default'].filter((p): p is string => !!p && config.profiles.has(p));
		const others = [...config.profiles.keys()].filter((p) => !preferred.includes(p));
		const toTry = [...new Set([...preferred, ...others])].slice(0, MAX_PROFILES_TRIED);
		const results = await Promise.all(
			toTry.map((name) => {
				const data = config.profiles.get(name)!.data;
				if (data.mfa_serial) {
					return Promise.resolve<DiagnosisFinding>({ source: `Profile '${name}'`, severity: 'info', summary: 'Needs an MFA code; not tried here.', fix: 'Use the profile from "AWS: Use Profile…" to enter the code.' });
				}
				const profileRegion = data.region && isValidRegion(data.region) ? data.region : region;
				if (data.ca_bundle) {
					const bundleError = checkNetwork(networkFor(data.ca_bundle)).find((check) => check.level === 'error');
					if (bundleError) {
						return Promise.resolve<DiagnosisFinding>({ source: `Profile '${name}'`, severity: 'error', summary: `ca_bundle: ${bundleError.detail}`, fix: `Fix ca_bundle in [profile ${name}] to name a readable PEM file.` });
					}
				}
				return attempt(`Profile '${name}'`, () => init.tryProfile(name), init, profileRegion, timeoutMs, name, data.ca_bundle);
			}),
		);
		findings.push(...results);
		if (config.profiles.size > toTry.length) {
			add({ source: 'Profiles', severity: 'info', summary: `${config.profiles.size - toTry.length} more profile(s) were checked on paper only.` });
		}
	}
	return { findings };
}

/** An endpoint override, as info; a warning when a token or credentials would travel over plain http://. */
function endpointFinding(source: string, found: EndpointOverride): DiagnosisFinding {
	const target = found.service === 'all services' ? 'all AWS calls go' : `${found.service} calls go`;
	if (found.insecure) {
		return {
			source,
			severity: 'warning',
			summary: `${found.origin}=${withoutUserInfo(found.url)}: ${target} over plain http:// to another machine, unencrypted — exposing ${exposedBy(found)}.`,
			fix: 'Use an https:// endpoint (or a loopback address for a local emulator), or remove the override.',
		};
	}
	return { source, severity: 'info', summary: `${found.origin}=${withoutUserInfo(found.url)} (${target} there instead of the usual endpoint)` };
}

async function attempt(source: string, obtain: () => Promise<SourcedCredentials>, init: DiagnoseInit, region: string, timeoutMs: number, profile?: string, profileCaBundle?: string): Promise<DiagnosisFinding> {
	let credentials: SourcedCredentials;
	try {
		credentials = await withTimeout(obtain(), timeoutMs);
	} catch (error) {
		return { source, severity: 'error', summary: `No credentials: ${shortReason(error)}`, fix: fixFor(error, profile) };
	}
	try {
		const identity = await withTimeout(init.callerIdentity(credentials, region, profileCaBundle), timeoutMs);
		const expires = credentials.expiration ? `; credentials valid until ${credentials.expiration.toISOString()}` : '';
		return { source, severity: 'ok', summary: `Works: ${identity.arn}${expires}.` };
	} catch (error) {
		return { source, severity: 'error', summary: `Credentials found (key ${credentials.accessKeyId.slice(0, 4)}…) but AWS refused them: ${shortReason(error)}`, fix: fixFor(error, profile) };
	}
}

function fixFor(error: unknown, profile?: string): string {
	if (isBedrockConnectError(error)) {
		if (error.code === 'SignInRequired' && profile && /SSO|Identity Center/i.test(error.message)) {
			return `Run \`aws sso login --profile ${profile}\`, or sign in with IAM Identity Center here.`;
		}
		if (error.action) {
			return error.action;
		}
	}
	const name = errorName(error);
	if (/Timeout/i.test(name) || /timed out/i.test(shortReason(error))) {
		return 'It took too long: check your network, proxy (HTTPS_PROXY) or the tool behind credential_process.';
	}
	return 'Check the settings shown above; sign in again if the credentials are old.';
}

function paperIssues(name: string, data: Record<string, string | undefined>, config: SharedConfig): DiagnosisFinding[] {
	const issues: DiagnosisFinding[] = [];
	const source = `Profile '${name}'`;
	if (data.source_profile && !config.profiles.has(data.source_profile)) {
		issues.push({ source, severity: 'error', summary: `source_profile "${data.source_profile}" does not exist.`, fix: `Add [profile ${data.source_profile}] or fix source_profile.` });
	}
	if (data.source_profile && data.credential_source) {
		issues.push({ source, severity: 'error', summary: 'Has both source_profile and credential_source; use one.', fix: 'Remove one of the two settings.' });
	}
	if (data.credential_source && !['Environment', 'Ec2InstanceMetadata', 'EcsContainer'].includes(data.credential_source)) {
		issues.push({ source, severity: 'error', summary: `credential_source "${data.credential_source}" is not one of Environment, Ec2InstanceMetadata, EcsContainer.`, fix: 'Use one of those three values.' });
	}
	if (data.sso_session && !config.ssoSessions.has(data.sso_session)) {
		issues.push({ source, severity: 'error', summary: `sso_session "${data.sso_session}" has no [sso-session ${data.sso_session}] section.`, fix: 'Run `aws configure sso` or add the section.' });
	}
	if ((data.sso_session || data.sso_start_url) && (!data.sso_account_id || !data.sso_role_name)) {
		issues.push({ source, severity: 'warning', summary: 'SSO profile without sso_account_id / sso_role_name: it cannot give credentials by itself.', fix: `Add sso_account_id and sso_role_name, or run \`aws configure sso --profile ${name}\`.` });
	}
	if (data.region && !isValidRegion(data.region)) {
		issues.push({ source, severity: 'error', summary: `region "${data.region}" is not a region name.`, fix: 'Use a region code such as us-east-1.' });
	}
	return issues;
}

function profileForStartUrl(config: SharedConfig, startUrl: string): string | undefined {
	const url = startUrl.replace(/\/+$/, '');
	for (const [name, entry] of config.profiles) {
		const session = entry.data.sso_session ? config.ssoSessions.get(entry.data.sso_session) : undefined;
		if ((session?.sso_start_url ?? entry.data.sso_start_url)?.replace(/\/+$/, '') === url) {
			return name;
		}
	}
	return undefined;
}

function safeRegion(env: NodeJS.ProcessEnv, config: SharedConfig | undefined): string {
	try {
		return chooseRegion({ method: 'defaultChain' }, undefined, env, config).region;
	} catch {
		return 'us-east-1';
	}
}

/** Proxy URLs may carry a user name and password: show neither. */
export function withoutUserInfo(value: string): string {
	return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1…@');
}

/** A diagnosis step that takes too long fails like an SDK timeout. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	return withTimeLimit(promise, ms, () => Object.assign(new Error(`timed out after ${ms} ms`), { name: 'TimeoutError' }));
}
