// MFA sessions the aws-vault way: for an IAM user's long-term keys and an MFA device, one STS
// GetSessionToken with a code gives credentials that count as MFA-authenticated until they end
// (bedrockConnect.mfa.sessionDurationHours, default 12 h); roles are assumed from them without
// asking again. Held in memory and in the SecretStore (so a reload does not ask either); one
// prompt at a time per device, however many refreshes wait for it.
import { createHash } from 'node:crypto';
import { GetSessionTokenCommand } from '@aws-sdk/client-sts';
import type { MfaCodePrompt } from '../engineTypes';
import { BedrockConnectError, isBedrockConnectError } from '../errors';
import { mapAwsError } from '../errorMapping';
import { getCallerIdentity } from '../identity';
import type { NetworkSettings } from '../network';
import type { Clock, Logger, SecretStore } from '../ports';
import { createStsClient } from '../sdkClients';
import { CODE_REJECTED_REASON, mfaRefusal, tooManyRejectedCodes, unknownMfaDevice } from './mfaCodeErrors';
import { mfaSessionSeconds } from './sessionDuration';

export const MFA_SESSIONS_SECRET = 'bedrockConnect.mfaSessions.v1';

/** Codes asked for in one go before giving up (each refusal is shown with the next prompt). */
export const MAX_CODE_ATTEMPTS = 5;

/** A session this close to its end is not used for a new role: the role call must still be signed with it. */
const USABLE_MARGIN_MS = 2 * 60_000;

export interface MfaSession {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken: string;
	expiration: Date;
}

export interface MfaSessionRequest {
	/** The IAM user's long-term keys (GetSessionToken refuses session credentials). */
	base: { accessKeyId: string; secretAccessKey: string };
	mfaSerial: string;
	region: string;
	network: () => NetworkSettings;
}

export interface MfaSessionsInit {
	secrets: SecretStore;
	clock: Clock;
	logger: Logger;
	prompt?: MfaCodePrompt;
	/** bedrockConnect.mfa.sessionDurationHours, read when a session is made. */
	durationHours?: () => number | undefined;
}

interface StoredSession {
	mfaSerial: string;
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken: string;
	expiration: string;
}

/** Sessions are filed under a hash of the base key id and the device: neither is a secret store key. */
export function mfaSessionId(baseAccessKeyId: string, mfaSerial: string): string {
	return createHash('sha256').update(`${baseAccessKeyId}\n${mfaSerial}`).digest('hex').slice(0, 32);
}

export class MfaSessions {
	private readonly held = new Map<string, StoredSession>();
	private loaded?: Promise<void>;
	private readonly pending = new Map<string, Promise<MfaSession>>();
	private readonly listeners = new Set<() => void>();

	constructor(private readonly init: MfaSessionsInit) {}

	/** The held session for these keys and device, else one from the SecretStore, else a new one (asks for a code). */
	async get(request: MfaSessionRequest): Promise<MfaSession> {
		const id = mfaSessionId(request.base.accessKeyId, request.mfaSerial);
		await this.load();
		const held = this.usable(id);
		if (held) {
			return held;
		}
		let pending = this.pending.get(id);
		if (!pending) {
			pending = this.obtain(id, request).finally(() => this.pending.delete(id));
			this.pending.set(id, pending);
		}
		return pending;
	}

	/** When the held session for these keys and device ends (synchronous, for the status bar); undefined: none held. */
	expiresAt(baseAccessKeyId: string, mfaSerial: string): Date | undefined {
		const stored = this.held.get(mfaSessionId(baseAccessKeyId, mfaSerial));
		return stored ? new Date(stored.expiration) : undefined;
	}

	/** The session AWS no longer accepts (expired early, or revoked): the next get() asks for a code. */
	async forget(baseAccessKeyId: string, mfaSerial: string): Promise<void> {
		await this.load();
		const id = mfaSessionId(baseAccessKeyId, mfaSerial);
		this.held.delete(id);
		await this.save(id);
		this.fire();
	}

	/** Sign-out: every MFA session goes, from memory and the SecretStore. */
	async forgetAll(): Promise<void> {
		await this.load();
		this.held.clear();
		await this.init.secrets.delete(MFA_SESSIONS_SECRET);
		this.fire();
	}

	onDidChange(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	private usable(id: string): MfaSession | undefined {
		const stored = this.held.get(id);
		if (!stored) {
			return undefined;
		}
		const expiration = new Date(stored.expiration);
		if (!(expiration.getTime() - USABLE_MARGIN_MS > this.init.clock.now())) {
			return undefined;
		}
		return { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey, sessionToken: stored.sessionToken, expiration };
	}

	private async obtain(id: string, request: MfaSessionRequest): Promise<MfaSession> {
		const prompt = this.init.prompt;
		if (!prompt) {
			throw new BedrockConnectError('MfaRequired', `This sign-in needs a code from the MFA device ${request.mfaSerial}, and none can be asked for here.`, {
				action: 'Sign in from VS Code ("AWS: Use Profile…") so the code can be entered.',
			});
		}
		// Another window may have made one since this window read the store.
		await this.merge();
		const adopted = this.usable(id);
		if (adopted) {
			return adopted;
		}
		const sts = createStsClient(request.region, request.base, request.network);
		try {
			// Who the keys belong to, before anyone is asked for a code: a root user's session lasts at most 1 h.
			const who = await getCallerIdentity(sts);
			const seconds = mfaSessionSeconds(this.init.durationHours?.(), { root: who.principal.kind === 'root' });
			let reason: string | undefined;
			for (let attempt = 1; attempt <= MAX_CODE_ATTEMPTS; attempt++) {
				const code = (await prompt(request.mfaSerial, reason ? { reason } : undefined)).trim();
				try {
					const out = await sts.send(new GetSessionTokenCommand({ DurationSeconds: seconds, SerialNumber: request.mfaSerial, TokenCode: code }));
					const c = out.Credentials;
					if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
						throw new BedrockConnectError('ServiceError', 'STS returned incomplete credentials for GetSessionToken.');
					}
					const session: MfaSession = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
					this.held.set(id, { mfaSerial: request.mfaSerial, accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken, expiration: session.expiration.toISOString() });
					await this.save();
					this.init.logger.info(`[mfa] MFA session for ${request.mfaSerial} until ${session.expiration.toISOString()}`);
					this.fire();
					return session;
				} catch (error) {
					const refusal = mfaRefusal(error);
					if (refusal === 'codeRejected') {
						this.init.logger.info(`[mfa] code ${attempt} of ${MAX_CODE_ATTEMPTS} for ${request.mfaSerial} refused`);
						reason = CODE_REJECTED_REASON;
						continue;
					}
					if (refusal === 'unknownDevice') {
						throw unknownMfaDevice(request.mfaSerial, error);
					}
					throw isBedrockConnectError(error) ? error : mapAwsError(error, 'Getting an MFA session (STS GetSessionToken)');
				}
			}
			throw tooManyRejectedCodes(request.mfaSerial, MAX_CODE_ATTEMPTS);
		} finally {
			sts.destroy();
		}
	}

	private load(): Promise<void> {
		this.loaded ??= this.merge();
		return this.loaded;
	}

	/** Adds the stored sessions this window does not hold, or holds an older one of (another window's, an earlier run's). */
	private async merge(drop?: string): Promise<void> {
		for (const [id, stored] of Object.entries(await this.readStored())) {
			const mine = this.held.get(id);
			if (id !== drop && (!mine || Date.parse(stored.expiration) > Date.parse(mine.expiration))) {
				this.held.set(id, stored);
			}
		}
	}

	private async readStored(): Promise<Record<string, StoredSession>> {
		try {
			return parseStored(await this.init.secrets.get(MFA_SESSIONS_SECRET));
		} catch (error) {
			this.init.logger.warn(`[mfa] could not read stored MFA sessions: ${(error as Error)?.name ?? 'error'}`);
			return {};
		}
	}

	/**
	 * Writes what this window holds plus what other windows stored meanwhile, less `drop` and
	 * ended sessions. A failed write keeps the session in memory for this window.
	 */
	private async save(drop?: string): Promise<void> {
		await this.merge(drop);
		const now = this.init.clock.now();
		const sessions: Record<string, StoredSession> = {};
		for (const [id, stored] of this.held) {
			if (new Date(stored.expiration).getTime() > now) {
				sessions[id] = stored;
			}
		}
		try {
			await this.init.secrets.store(MFA_SESSIONS_SECRET, JSON.stringify({ version: 1, sessions }));
		} catch (error) {
			this.init.logger.warn(`[mfa] could not store the MFA session (it is kept for this window only): ${(error as Error)?.name ?? 'error'}`);
		}
	}

	private fire(): void {
		for (const listener of [...this.listeners]) {
			try {
				listener();
			} catch (error) {
				this.init.logger.warn(`[mfa] change listener failed: ${String(error)}`);
			}
		}
	}
}

function parseStored(text: string | undefined): Record<string, StoredSession> {
	if (!text) {
		return {};
	}
	try {
		const parsed = JSON.parse(text) as { version?: unknown; sessions?: unknown };
		if (parsed.version !== 1 || typeof parsed.sessions !== 'object' || parsed.sessions === null) {
			return {};
		}
		const out: Record<string, StoredSession> = {};
		for (const [id, value] of Object.entries(parsed.sessions as Record<string, Partial<StoredSession>>)) {
			if (value && typeof value.accessKeyId === 'string' && typeof value.secretAccessKey === 'string' && typeof value.sessionToken === 'string' && typeof value.mfaSerial === 'string' && typeof value.expiration === 'string' && !Number.isNaN(Date.parse(value.expiration))) {
				out[id] = value as StoredSession;
			}
		}
		return out;
	} catch {
		return {};
	}
}
