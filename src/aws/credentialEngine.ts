// The credential engine: wires the SSO token manager, the credential sources (built by
// sources/registry.ts) and the refreshing provider into the Engine facade of engineTypes.ts. Everything AWS-specific the VS Code
// layer needs goes through here.
import type { Engine, EngineDeps, Identity, Connection, SsoAccount } from './engineTypes';
import { diagnose } from './diagnose';
import { homeDirectory, listProfileSummaries, loadSharedConfig, ssoSessionNamesFor, type IniSection } from './config';
import { checkPolicy, getCallerIdentity } from './identity';
import { describeNetwork, resolveNetworkSettings, type NetworkSettings, type VsCodeHttpSettings } from './network';
import { MfaSessions } from './mfa/mfaSessions';
import { PerRegion } from './perRegion';
import { chooseRegion } from './region';
import { createOidcPort, createSsoClient, createStsClient } from './sdkClients';
import { createConnection } from './connection';
import { ACCESS_KEYS_SECRET, loadAccessKeys, saveAccessKeys } from './sources/accessKeys';
import { BEDROCK_API_KEY_SECRET, saveBedrockApiKey } from './sources/bearerToken';
import { createConsoleLoginService } from './login/consoleLogin';
import { fromEnvironment } from './sources/environment';
import { fromProfile, ssoSettings } from './sources/profile';
import { buildSource } from './sources/registry';
import type { SourceContext } from './sources/sourceBuilder';
import { DEFAULT_SSO_SCOPES, type OidcClientPort } from './sso/oidcPort';
import { SsoPortal } from './sso/portal';
import { withSsoAccessToken } from './sso/withAccessToken';
import { SsoTokenManager } from './sso/tokenManager';
import { SsoTokenStore } from './sso/tokenStore';
import { systemClock } from './systemClock';
import { validateAccountId, validateRegion, validateSsoRegion, validateStartUrl } from './validation';

export function createEngine(deps: EngineDeps): Engine {
	const clock = deps.clock ?? systemClock;
	const logger = deps.logger;
	// Read on each use, never cached (Toolkit #2029).
	const env = (): NodeJS.ProcessEnv => deps.env ?? process.env;
	// VS Code's http.* settings, replaced by setHttpSettings; with the environment (read each time,
	// like everything else) and a profile's ca_bundle they make the settings every client uses.
	let httpSettings: VsCodeHttpSettings = deps.httpSettings ?? {};
	const networkFor = (profileCaBundle?: string): NetworkSettings =>
		resolveNetworkSettings({ env: env(), vscode: httpSettings, homeDir: homeDirectory(env()), ...(profileCaBundle ? { profileCaBundle } : {}) });
	const network = (): NetworkSettings => networkFor();
	const store = new SsoTokenStore(deps.secrets);
	const oidcPorts = new PerRegion((region) => createOidcPort(region, network));
	const oidcFor = (region: string): OidcClientPort => oidcPorts.get(region);
	const tokens = new SsoTokenManager({
		store,
		oidcFor,
		clock,
		logger,
		home: () => homeDirectory(env()),
		shareWithCli: deps.shareSsoTokenWithCli ?? false,
		cliSessionNames: async (startUrl) => ssoSessionNamesFor(await loadSharedConfig(env()), startUrl),
	});
	const portal = new SsoPortal((region) => createSsoClient(region, network));
	const mfaSessions = new MfaSessions({
		secrets: deps.secrets,
		clock,
		logger,
		...(deps.promptMfaCode ? { prompt: deps.promptMfaCode } : {}),
		...(deps.mfaSessionDurationHours ? { durationHours: deps.mfaSessionDurationHours } : {}),
	});
	const connections = new Set<Connection>();

	const sourceContext = (region: string): Omit<SourceContext, 'build' | 'network'> => ({
		region,
		env,
		clock,
		secrets: deps.secrets,
		tokens,
		portal,
		mfaSessions,
		...(deps.promptMfaCode ? { promptMfaCode: deps.promptMfaCode } : {}),
		...(deps.credentialProcessTimeoutMs ? { credentialProcessTimeoutMs: deps.credentialProcessTimeoutMs } : {}),
	});

	/** describeNetwork for the log; a proxy URL that cannot be parsed is reported, not thrown. */
	const safeDescribe = (): string[] => {
		try {
			return describeNetwork(network());
		} catch (error) {
			return [`network settings unusable: ${(error as Error).message}`];
		}
	};
	logger.info(`network: ${safeDescribe().join('; ')}`);

	const consoleLogin = createConsoleLoginService(env);
	return {
		consoleLogin,
		async signInWithSso(params) {
			await tokens.signIn(params);
		},
		async hasSsoToken(startUrl, ssoRegion) {
			return tokens.hasToken(validateStartUrl(startUrl), validateSsoRegion(ssoRegion));
		},
		async listSsoAccounts(startUrl, ssoRegion): Promise<SsoAccount[]> {
			const url = validateStartUrl(startUrl);
			const region = validateSsoRegion(ssoRegion);
			return withSsoAccessToken(tokens, url, region, (token) => portal.listAccounts(region, token));
		},
		async listSsoRoles(startUrl, ssoRegion, accountId) {
			const url = validateStartUrl(startUrl);
			const region = validateSsoRegion(ssoRegion);
			validateAccountId(accountId);
			return withSsoAccessToken(tokens, url, region, (token) => portal.listRoles(region, token, accountId));
		},
		async signOutSso(startUrl, ssoRegion) {
			const url = validateStartUrl(startUrl);
			const region = validateSsoRegion(ssoRegion);
			const accessToken = await tokens.signOut(url, region);
			await store.deleteRegistration(url, region, DEFAULT_SSO_SCOPES).catch(() => undefined);
			await store.deleteRegistration(url, region, DEFAULT_SSO_SCOPES, 'authCode').catch(() => undefined);
			if (accessToken) {
				// Best effort: the local sign-out already happened, whatever the portal says.
				await portal.logout(region, accessToken).catch((error: unknown) => logger.debug(`[sso] portal logout failed: ${String((error as Error)?.name)}`));
			}
		},
		async ssoTargetsOf(spec) {
			const targets = new Map<string, { startUrl: string; ssoRegion: string }>();
			const add = async (startUrl: string, ssoRegion: string): Promise<void> => {
				if (await tokens.holdsToken(startUrl, ssoRegion).catch(() => true)) {
					targets.set(`${startUrl}\n${ssoRegion}`, { startUrl, ssoRegion });
				}
			};
			const base = spec.method === 'assumeRole' ? spec.base : spec;
			if (base.method === 'sso') {
				// Listed even when not held (already gone): Logout and the registration are still ours to end.
				targets.set(`${base.startUrl}\n${base.ssoRegion}`, { startUrl: base.startUrl, ssoRegion: base.ssoRegion });
			} else if (base.method === 'profile') {
				const config = await loadSharedConfig(env()).catch(() => undefined);
				const seen = new Set<string>();
				for (let name: string | undefined = base.profile; name && config && !seen.has(name); ) {
					seen.add(name);
					const data: IniSection | undefined = config.profiles.get(name)?.data;
					const sso = data ? ssoSettings(data, config.ssoSessions) : undefined;
					if (sso) {
						await add(sso.startUrl, sso.region);
					}
					name = data?.source_profile;
				}
			}
			return [...targets.values()];
		},
		async listProfiles() {
			return listProfileSummaries(await loadSharedConfig(env()));
		},
		async saveAccessKeys(keys) {
			await saveAccessKeys(deps.secrets, keys);
		},
		async deleteAccessKeys() {
			await deps.secrets.delete(ACCESS_KEYS_SECRET);
		},
		async saveBedrockApiKey(token) {
			await saveBedrockApiKey(deps.secrets, token);
		},
		async deleteBedrockApiKey() {
			await deps.secrets.delete(BEDROCK_API_KEY_SECRET);
		},
		async resolveRegion(spec, configured) {
			const config = await loadSharedConfig(env()).catch(() => undefined);
			return chooseRegion(spec, configured, env(), config).region;
		},
		openConnection(spec, region, options) {
			const validRegion = validateRegion(region);
			// A profile in the sign-in names its ca_bundle when it is read; this connection's clients use it.
			let profileCaBundle: string | undefined;
			const connectionNetwork = (): NetworkSettings => networkFor(profileCaBundle);
			const built = buildSource(spec, {
				...sourceContext(validRegion),
				network: connectionNetwork,
				useProfileCaBundle: (path) => {
					profileCaBundle = path;
				},
			});
			const connection = createConnection({
				spec,
				region: validRegion,
				source: built.source,
				traits: built.traits,
				clock,
				logger,
				label: built.label,
				network: connectionNetwork,
				...(options?.policy ? { policy: options.policy } : {}),
			});
			connections.add(connection);
			const dispose = connection.dispose.bind(connection);
			return Object.assign(connection, {
				dispose: () => {
					connections.delete(connection);
					dispose();
				},
			});
		},
		checkPolicy(identity: Identity, policy) {
			checkPolicy(identity, policy);
		},
		async diagnose() {
			return diagnose({
				env: env(),
				clock,
				awsCli: () => consoleLogin.cli(),
				hasStoredAccessKeys: async () => (await loadAccessKeys(deps.secrets)) !== undefined,
				// No MFA prompt and a short credential_process limit: a diagnosis must not wait on anyone.
				tryProfile: (profile) => {
					let profileCaBundle: string | undefined;
					return fromProfile({
						profile,
						region: 'us-east-1',
						env,
						tokens,
						portal,
						credentialProcessTimeoutMs: 3_000,
						network: () => networkFor(profileCaBundle),
						useProfileCaBundle: (path) => {
							profileCaBundle = path;
						},
					})();
				},
				tryEnvironment: () => fromEnvironment({ env })(),
				network: (profileCaBundle) => networkFor(profileCaBundle),
				callerIdentity: async (credentials, region, profileCaBundle) => {
					const sts = createStsClient(region, credentials, networkFor(profileCaBundle));
					try {
						return await getCallerIdentity(sts);
					} finally {
						sts.destroy();
					}
				},
			});
		},
		async forgetMfaSessions() {
			await mfaSessions.forgetAll();
		},
		setHttpSettings(settings) {
			httpSettings = { ...settings };
			logger.info(`network settings changed: ${safeDescribe().join('; ')}`);
		},
		describeNetwork: () => safeDescribe(),
		dispose() {
			for (const connection of [...connections]) {
				connection.dispose();
			}
			tokens.dispose();
			portal.dispose();
			oidcPorts.dispose();
		},
	};
}
