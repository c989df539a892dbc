// Profiles and sso-sessions from the shared config and credentials files, read fresh every
// time through the SDK's own ini loader, classified by how each profile gets credentials,
// plus a line-by-line check that finds what the loader would silently skip.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { ProfileKind, ProfileSummary } from './engineTypes';
import { BedrockConnectError } from './errors';

export type IniSection = Record<string, string | undefined>;

export interface SharedConfigPaths {
	configFile: string;
	credentialsFile: string;
}

export interface SharedConfig {
	paths: SharedConfigPaths;
	/** Profile name → merged settings (the credentials file wins for keys in both, as in the SDK). */
	profiles: Map<string, { data: IniSection; files: Array<'config' | 'credentials'> }>;
	ssoSessions: Map<string, IniSection>;
}

export function homeDirectory(env: NodeJS.ProcessEnv): string {
	return env.HOME || env.USERPROFILE || (env.HOMEPATH ? `${env.HOMEDRIVE ?? 'C:'}${env.HOMEPATH}` : os.homedir());
}

export function sharedConfigPaths(env: NodeJS.ProcessEnv): SharedConfigPaths {
	const home = homeDirectory(env);
	const expand = (p: string): string => (p.startsWith('~/') ? path.join(home, p.slice(2)) : p);
	return {
		configFile: expand(env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config')),
		credentialsFile: expand(env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials')),
	};
}

const SSO_SESSION_PREFIX = 'sso-session.';

export async function loadSharedConfig(env: NodeJS.ProcessEnv): Promise<SharedConfig> {
	const paths = sharedConfigPaths(env);
	// ignoreCache: the SDK otherwise keeps the first parse for the life of the process.
	const { configFile, credentialsFile } = await loadSharedConfigFiles({
		filepath: paths.credentialsFile,
		configFilepath: paths.configFile,
		ignoreCache: true,
	});
	const profiles: SharedConfig['profiles'] = new Map();
	const ssoSessions: SharedConfig['ssoSessions'] = new Map();
	for (const [key, data] of Object.entries(configFile)) {
		if (key.startsWith(SSO_SESSION_PREFIX)) {
			ssoSessions.set(key.slice(SSO_SESSION_PREFIX.length), data);
		} else if (!key.includes('.') || key === 'default') {
			profiles.set(key, { data: { ...data }, files: ['config'] });
		}
	}
	for (const [name, data] of Object.entries(credentialsFile)) {
		const existing = profiles.get(name);
		if (existing) {
			existing.data = { ...existing.data, ...data };
			existing.files.push('credentials');
		} else {
			profiles.set(name, { data: { ...data }, files: ['credentials'] });
		}
	}
	return { paths, profiles, ssoSessions };
}

/** Which way a profile obtains credentials, in the order the SDK's fromIni decides. */
export function classifyProfile(data: IniSection): ProfileKind {
	if (data.role_arn && (data.source_profile || data.credential_source)) {
		return 'assumeRole';
	}
	if (data.credential_source) {
		return 'credentialSource';
	}
	if (data.aws_access_key_id && data.aws_secret_access_key) {
		return 'staticKeys';
	}
	if (data.web_identity_token_file && data.role_arn) {
		return 'webIdentity';
	}
	if (data.credential_process) {
		return 'credentialProcess';
	}
	if (data.sso_session) {
		return 'ssoSession';
	}
	if (data.sso_start_url || data.sso_account_id) {
		return 'ssoLegacy';
	}
	if (data.login_session) {
		return 'loginSession';
	}
	return 'unknown';
}

export function summarizeProfile(name: string, entry: { data: IniSection; files: Array<'config' | 'credentials'> }, ssoSessions: Map<string, IniSection>): ProfileSummary {
	const { data, files } = entry;
	const kind = classifyProfile(data);
	const session = data.sso_session ? ssoSessions.get(data.sso_session) : undefined;
	const ssoStartUrl = session?.sso_start_url ?? data.sso_start_url;
	const ssoRegion = session?.sso_region ?? data.sso_region;
	return {
		name,
		kind,
		files: [...files],
		...(data.region ? { region: data.region } : {}),
		...(ssoStartUrl ? { ssoStartUrl } : {}),
		...(ssoRegion ? { ssoRegion } : {}),
		...(data.sso_session ? { ssoSessionName: data.sso_session } : {}),
		...(data.role_arn ? { roleArn: data.role_arn } : {}),
		...(data.source_profile ? { sourceProfile: data.source_profile } : {}),
		...(data.mfa_serial ? { mfaSerial: data.mfa_serial } : {}),
	};
}

export function listProfileSummaries(config: SharedConfig): ProfileSummary[] {
	return [...config.profiles.entries()]
		.map(([name, entry]) => summarizeProfile(name, entry, config.ssoSessions))
		.sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

/** The profile's settings, or ProfileNotFound naming the profiles that do exist. */
export function requireProfile(config: SharedConfig, name: string): IniSection {
	const entry = config.profiles.get(name);
	if (entry) {
		return entry.data;
	}
	const names = [...config.profiles.keys()].sort();
	const shown = names.slice(0, 20).join(', ') + (names.length > 20 ? `, … (${names.length} in all)` : '');
	throw new BedrockConnectError(
		'ProfileNotFound',
		names.length
			? `Profile "${name}" was not found in ${config.paths.configFile} or ${config.paths.credentialsFile}. Profiles that exist: ${shown}.`
			: `Profile "${name}" was not found: there are no profiles in ${config.paths.configFile} or ${config.paths.credentialsFile}.`,
		{ action: names.length ? 'Pick one of the existing profiles, or add the profile to your AWS config.' : 'Create a profile with `aws configure` (or `aws configure sso`), or choose another sign-in method.' },
	);
}

/** sso-session names whose start URL is this one (the CLI keys its token cache by them). */
export function ssoSessionNamesFor(config: SharedConfig, startUrl: string): string[] {
	const normalised = startUrl.replace(/\/+$/, '');
	return [...config.ssoSessions.entries()]
		.filter(([, data]) => (data.sso_start_url ?? '').replace(/\/+$/, '') === normalised)
		.map(([name]) => name);
}

export interface ConfigProblem {
	file: string;
	line: number;
	severity: 'warning' | 'error';
	message: string;
}

/**
 * Checks ini text the way the SDK reads it and reports what it would ignore or reject, with
 * line numbers. Never echoes a value (lines may hold secrets); only keys and section names.
 */
export function validateIniText(text: string, file: string, fileKind: 'config' | 'credentials'): ConfigProblem[] {
	const problems: ConfigProblem[] = [];
	const add = (line: number, severity: ConfigProblem['severity'], message: string): void => {
		problems.push({ file, line, severity, message });
	};
	let inSection = false;
	const lines = text.split(/\r?\n/);
	for (let i = 0; i < lines.length; i++) {
		const raw = lines[i];
		const lineNo = i + 1;
		const trimmed = raw.split(/(^|\s)[;#]/)[0].trim();
		if (trimmed === '') {
			continue;
		}
		if (trimmed.startsWith('[')) {
			if (!trimmed.endsWith(']')) {
				add(lineNo, 'error', 'section header is missing its closing "]"');
				inSection = false;
				continue;
			}
			const name = trimmed.slice(1, -1).trim();
			inSection = true;
			if (name === '__proto__' || name === 'profile __proto__') {
				add(lineNo, 'error', `section name "${name}" is not allowed; the SDK ignores the whole file because of it`);
				continue;
			}
			if (name === '') {
				add(lineNo, 'error', 'empty section name');
				continue;
			}
			if (fileKind === 'config') {
				const typed = /^(profile|sso-session|services)\s+(["'])?([\w\-@+.%:/]+)\2$/.exec(name);
				if (!typed && name !== 'default') {
					add(
						lineNo,
						'warning',
						/\s/.test(name)
							? `section [${name}] is not understood (expected [profile NAME] or [sso-session NAME])`
							: `section [${name}] is ignored in the config file; write it as [profile ${name}]`,
					);
				}
			} else if (/^profile\s/.test(name)) {
				add(lineNo, 'warning', `section [${name}] in the credentials file is read as a profile literally named "${name}"; write [${name.replace(/^profile\s+/, '')}]`);
			}
			continue;
		}
		// Indented lines under "key =" are sub-settings; the SDK reads them as NAME = VALUE too.
		const eq = trimmed.indexOf('=');
		if (eq <= 0) {
			add(lineNo, 'error', eq === 0 ? 'setting without a name (line starts with "=")' : 'not a setting (NAME = VALUE), a [section] or a comment');
			continue;
		}
		if (!inSection) {
			add(lineNo, 'error', `setting "${trimmed.slice(0, eq).trim()}" appears before any [section] and is ignored`);
		}
	}
	return problems;
}

/** Reads and checks both files; missing files are not problems (they are optional). */
export async function validateSharedConfigFiles(paths: SharedConfigPaths): Promise<{ problems: ConfigProblem[]; present: { config: boolean; credentials: boolean } }> {
	const problems: ConfigProblem[] = [];
	const present = { config: false, credentials: false };
	for (const [kind, file] of [
		['config', paths.configFile],
		['credentials', paths.credentialsFile],
	] as const) {
		let text: string;
		try {
			text = await fs.readFile(file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
				problems.push({ file, line: 0, severity: 'error', message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
			}
			continue;
		}
		present[kind] = true;
		problems.push(...validateIniText(text, file, kind));
	}
	return { problems, present };
}

/**
 * Why a profile is missing, when the files say more than "not found": the SDK drops a whole
 * file over one bad section name, and skips sections whose lines it cannot read.
 */
export async function explainMissingProfile(config: SharedConfig, name: string): Promise<BedrockConnectError> {
	const notFound = (): BedrockConnectError => {
		try {
			requireProfile(config, name);
		} catch (error) {
			return error as BedrockConnectError;
		}
		return new BedrockConnectError('ProfileNotFound', `Profile "${name}" was not found.`);
	};
	const { problems } = await validateSharedConfigFiles(config.paths);
	const errors = problems.filter((p) => p.severity === 'error');
	const describeProblem = (p: ConfigProblem): string => `${p.file}, line ${p.line}: ${p.message}`;
	const dropped = errors.find((p) => /ignores the whole file/.test(p.message));
	if (dropped) {
		return new BedrockConnectError('InvalidConfig', `Profile "${name}" cannot be read because the AWS SDK ignores all of ${dropped.file}: line ${dropped.line}: ${dropped.message}.`, {
			action: `Fix line ${dropped.line} of ${dropped.file}.`,
		});
	}
	for (const [kind, file] of [
		['config', config.paths.configFile],
		['credentials', config.paths.credentialsFile],
	] as const) {
		const header = await findSectionLine(file, kind, name);
		if (header === undefined) {
			continue;
		}
		const inSection = errors.find((p) => p.file === file && p.line > header);
		return new BedrockConnectError(
			'InvalidConfig',
			inSection
				? `Profile "${name}" (${file}, line ${header}) has no usable settings: ${describeProblem(inSection)}.`
				: `Profile "${name}" (${file}, line ${header}) has no settings.`,
			{ action: inSection ? `Fix line ${inSection.line} of ${file} (settings are written NAME = VALUE).` : `Add settings under line ${header} of ${file}.` },
		);
	}
	const base = notFound();
	if (errors.length) {
		return new BedrockConnectError('ProfileNotFound', `${base.message} Note: ${describeProblem(errors[0])}${errors.length > 1 ? ` (and ${errors.length - 1} more problem(s))` : ''}.`, {
			...(base.action ? { action: base.action } : {}),
		});
	}
	return base;
}

async function findSectionLine(file: string, kind: 'config' | 'credentials', name: string): Promise<number | undefined> {
	let text: string;
	try {
		text = await fs.readFile(file, 'utf8');
	} catch {
		return undefined;
	}
	const lines = text.split(/\r?\n/);
	for (let i = 0; i < lines.length; i++) {
		const m = /^\s*\[\s*(.*?)\s*\]/.exec(lines[i]);
		if (!m) {
			continue;
		}
		const section = m[1];
		const profileName = kind === 'config' ? (section === 'default' ? 'default' : /^profile\s+(.+)$/.exec(section)?.[1]?.trim()) : section;
		if (profileName === name) {
			return i + 1;
		}
	}
	return undefined;
}
