// The sign-in commands: "AWS: Sign In…" (every method in one pick) and the one-method
// commands (SSO, profile, environment, access keys, assume role), plus the Bedrock API
// key and the default chain, which live in the pick only.
import * as vscode from 'vscode';
import type { ProfileSummary, Connection, SignInSpec } from '../../aws/engineTypes';
import { isCancellation } from '../../aws/errors';
import { ask, pick } from '../prompts';
import { buildSignInItems, type SignInChoice, type SignInPickItem } from '../signInItems';
import { ensureSsoToken, pickAccountAndRole, resolveSsoTarget } from '../ssoSignIn';
import {
	parseExpiry,
	validateAccessKeyId,
	validateBedrockApiKey,
	validateDurationSeconds,
	validateExpiry,
	validateExternalId,
	validateMfaSerial,
	validateRoleArn,
	validateRoleSessionName,
	validateSecretAccessKey,
	validateSessionToken,
} from '../validators';
import { type CommandDeps, registerCommand, reportError } from './commandDeps';
import { signInWithConsole } from './consoleSignIn';

type BaseSpec = Extract<SignInSpec, { method: 'assumeRole' }>['base'];

export function registerSignInCommands(deps: CommandDeps): vscode.Disposable[] {
	const flows = new SignInFlows(deps);
	deps.signInManager.setInteractiveSignIn(async () => {
		try {
			return await flows.signInPick();
		} catch (e) {
			reportError(deps, e, 'sign-in');
			return undefined;
		}
	});
	return [
		registerCommand(deps, 'signIn', () => flows.signInPick()),
		registerCommand(deps, 'signInWithSso', () => flows.sso()),
		registerCommand(deps, 'useProfile', (name) => flows.profile(typeof name === 'string' ? name : undefined)),
		registerCommand(deps, 'useEnvironment', () => flows.finish({ method: 'environment' })),
		registerCommand(deps, 'signInWithAccessKeys', () => flows.accessKeys()),
		registerCommand(deps, 'assumeRole', () => flows.assumeRole()),
		registerCommand(deps, 'signInWithConsole', (name) => flows.console(typeof name === 'string' ? name : undefined)),
	];
}

class SignInFlows {
	constructor(private readonly deps: CommandDeps) {}

	async signInPick(): Promise<Connection | undefined> {
		const settings = this.deps.settings();
		const env = process.env;
		const items = this.deps.getEngine().then(async (engine) => {
			const profiles = await engine.listProfiles().catch((e) => {
				// A broken config file must not hide the other methods.
				this.deps.logger.warn('listing profiles failed:', e);
				return [] as ProfileSummary[];
			});
			return buildSignInItems(profiles, {
				ssoStartUrl: settings.ssoStartUrl || undefined,
				preferredProfile: settings.profile || env.AWS_PROFILE || undefined,
				envHas: { keys: Boolean(env.AWS_ACCESS_KEY_ID), profile: env.AWS_PROFILE || undefined, bearerToken: Boolean(env.AWS_BEARER_TOKEN_BEDROCK), webIdentity: Boolean(env.AWS_WEB_IDENTITY_TOKEN_FILE) },
			}).map(toQuickPickItem);
		});
		const choice = await vscode.window.showQuickPick(items, {
			title: 'Sign in to AWS',
			placeHolder: 'How do you want to sign in? (type to filter profiles by name or kind)',
			matchOnDescription: true,
			ignoreFocusOut: true,
		});
		if (!choice?.choice) {
			return undefined;
		}
		return this.run(choice.choice);
	}

	async run(choice: SignInChoice): Promise<Connection | undefined> {
		switch (choice.kind) {
			case 'sso':
				return this.sso();
			case 'profile':
				return this.profile(choice.profile.name, choice.profile);
			case 'environment':
				return this.finish({ method: 'environment' });
			case 'accessKeys':
				return this.accessKeys();
			case 'assumeRole':
				return this.assumeRole();
			case 'bedrockApiKey':
				return this.bedrockApiKey();
			case 'defaultChain':
				return this.finish({ method: 'defaultChain' });
			case 'console':
				return this.console();
		}
	}

	async sso(): Promise<Connection | undefined> {
		const engine = await this.deps.getEngine();
		const settings = this.deps.settings();
		const target = await resolveSsoTarget(engine, settings);
		await ensureSsoToken(engine, target, this.deps.logger);
		const spec = await pickAccountAndRole(engine, target, {
			accountId: settings.ssoAccountId || undefined,
			roleName: settings.ssoRoleName || undefined,
		});
		return this.finish(spec, spec.accountName);
	}

	/** Console credentials (`aws login`): see consoleSignIn.ts. */
	console(profile?: string): Promise<Connection | undefined> {
		return signInWithConsole(this.deps, (spec) => this.finish(spec), profile);
	}

	async profile(name?: string, known?: ProfileSummary): Promise<Connection | undefined> {
		const engine = await this.deps.getEngine();
		let profile = known;
		if (!name) {
			const settings = this.deps.settings();
			const preferred = settings.profile || process.env.AWS_PROFILE || undefined;
			const items = engine.listProfiles().then((profiles) =>
				buildSignInItems(profiles, { preferredProfile: preferred, envHas: { keys: false, bearerToken: false }, profilesOnly: true }).map(toQuickPickItem),
			);
			const choice = await pick(items, { title: 'Use an AWS profile', placeHolder: 'Profiles from your AWS config and credentials files' });
			if (choice.choice?.kind !== 'profile') {
				return undefined;
			}
			profile = choice.choice.profile;
			name = profile.name;
		}
		profile ??= (await engine.listProfiles()).find((p) => p.name === name);
		if (profile?.kind === 'loginSession') {
			return this.console(name);
		}
		// An SSO profile with no valid token: sign in to its Identity Center first.
		if (profile?.ssoStartUrl && profile.ssoRegion) {
			await ensureSsoToken(engine, { startUrl: profile.ssoStartUrl, ssoRegion: profile.ssoRegion }, this.deps.logger);
		}
		return this.finish({ method: 'profile', profile: name });
	}

	async accessKeys(): Promise<Connection | undefined> {
		const title = 'Sign in with access keys';
		const accessKeyId = await ask({ title, step: [1, 4], prompt: 'Access key id (AKIA… or ASIA…)', password: true, validate: validateAccessKeyId });
		const secretAccessKey = await ask({ title, step: [2, 4], prompt: 'Secret access key', password: true, validate: validateSecretAccessKey });
		this.deps.logger.redactor.add(secretAccessKey);
		const sessionToken = await ask({
			title,
			step: [3, 4],
			prompt: accessKeyId.startsWith('ASIA') ? 'Session token (temporary keys need it)' : 'Session token (leave empty for long-term keys)',
			password: true,
			validate: validateSessionToken(accessKeyId),
		});
		this.deps.logger.redactor.add(sessionToken);
		const expiryText = await ask({
			title,
			step: [4, 4],
			prompt: 'When do these keys expire? A duration (45m, 8h) or a date-time (2026-11-23T18:00:00Z). Leave empty if they do not.',
			validate: validateExpiry(Date.now),
		});
		const engine = await this.deps.getEngine();
		await engine.saveAccessKeys({
			accessKeyId,
			secretAccessKey,
			sessionToken: sessionToken || undefined,
			expiration: parseExpiry(expiryText, Date.now()).at,
		});
		return this.finishWithStoredKeys({ method: 'accessKeys' }, 'accessKeys');
	}

	async bedrockApiKey(): Promise<Connection | undefined> {
		const token = await ask({
			title: 'Use an Amazon Bedrock API key',
			prompt: 'Paste the API key (it is kept in VS Code\'s secret storage and used for Bedrock only).',
			password: true,
			validate: validateBedrockApiKey,
		});
		this.deps.logger.redactor.add(token);
		const engine = await this.deps.getEngine();
		await engine.saveBedrockApiKey(token);
		return this.finishWithStoredKeys({ method: 'bedrockApiKey' }, 'bedrockApiKey');
	}

	async assumeRole(): Promise<Connection | undefined> {
		await this.deps.signInManager.restore();
		const base = this.baseForAssumeRole();
		const title = `Assume a role (on ${base.method === 'defaultChain' ? 'the default credential chain' : this.deps.signInManager.snapshot.display?.methodLabel ?? base.method})`;
		const roleArn = await ask({ title, step: [1, 5], prompt: 'Role ARN', placeHolder: 'arn:aws:iam::123456789012:role/RoleName', validate: validateRoleArn });
		const externalId = await ask({ title, step: [2, 5], prompt: 'External id, if the role requires one (else leave empty)', validate: validateExternalId });
		const roleSessionName = await ask({ title, step: [3, 5], prompt: 'Session name (shows in CloudTrail)', value: 'bedrock-connect', validate: validateRoleSessionName });
		const duration = await ask({ title, step: [4, 5], prompt: 'Duration in seconds (900–43200; empty: one hour)', validate: validateDurationSeconds });
		const mfaSerial = await ask({ title, step: [5, 5], prompt: 'MFA device ARN or serial, if the role requires MFA (else leave empty)', validate: validateMfaSerial });
		return this.finish({
			method: 'assumeRole',
			base,
			roleArn,
			externalId: externalId || undefined,
			roleSessionName: roleSessionName || undefined,
			durationSeconds: duration ? Number(duration) : undefined,
			mfaSerial: mfaSerial || undefined,
		});
	}

	/** "On top of the current identity"; a role already assumed is replaced, not chained. */
	private baseForAssumeRole(): BaseSpec {
		const current = this.deps.signInManager.currentSpec;
		if (!current || current.method === 'bedrockApiKey') {
			return { method: 'defaultChain' };
		}
		return current.method === 'assumeRole' ? current.base : current;
	}

	private async finishWithStoredKeys(spec: SignInSpec, method: 'accessKeys' | 'bedrockApiKey'): Promise<Connection | undefined> {
		try {
			return await this.finish(spec);
		} catch (e) {
			if (!isCancellation(e)) {
				await this.deps.signInManager.discardKeys(method).catch((err) => this.deps.logger.warn('discarding keys failed:', err));
			}
			throw e;
		}
	}

	/** Establishes the sign-in with a progress indicator and says who the user now is. */
	async finish(spec: SignInSpec, accountName?: string): Promise<Connection> {
		const connection = await vscode.window.withProgress(
			{ location: vscode.ProgressLocation.Window, title: 'AWS: checking who you are…' },
			() => this.deps.signInManager.establish(spec, { accountName }),
		);
		const display = this.deps.signInManager.snapshot.display;
		if (display) {
			const account = display.accountName ? `${display.accountName} (${display.accountId})` : display.accountId;
			void vscode.window.showInformationMessage(
				display.accountId
					? `Signed in to AWS as ${display.name} in account ${account}, region ${display.region}.`
					: `Signed in to AWS with a ${display.methodLabel}, region ${display.region}.`,
			);
		}
		return connection;
	}
}

export function toQuickPickItem(item: SignInPickItem): vscode.QuickPickItem & { choice?: SignInChoice } {
	if (item.separator) {
		return { label: item.label, kind: vscode.QuickPickItemKind.Separator };
	}
	return item;
}
