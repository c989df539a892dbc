// Everything one emulator instance remembers: its clock, issued identities and tokens, armed
// faults, reply settings, and what it observed (counters, last request per operation).
import { CredentialStore } from './credentials';
import { FaultPlan } from './faults';
import { GuardrailRegistry } from './bedrock/guardrails';
import { PromptCache } from './bedrock/promptCache';
import { ModelCatalog } from './catalog';
import { SecretIssuer } from './secrets';
import { SsoSessions } from './ssoSessions';
import type { EmulatorOptions, Lifetimes, RecordedRequest, ScriptedReply } from './types';

export const DEFAULT_LIFETIMES: Lifetimes = {
	accessToken: 3600,
	refreshToken: 8 * 3600,
	roleCredentials: 3600,
	assumeRoleDefault: 3600,
	deviceCode: 600,
	registration: 90 * 24 * 3600,
};

export interface ReplySettings {
	queued: ScriptedReply[];
	lengthWords?: number;
	chunkChars: number;
	/** Between deltas. */
	delayMs: number;
	/** Prefill per uncached / per cached input token, before the first delta. */
	inputDelayMs: number;
	cachedInputDelayMs: number;
	/** Overrides every model's context window (tokens); undefined: each model's own. */
	contextWindow?: number;
	/** The streamDelayMs option, which reset() restores. */
	readonly startDelayMs: number;
}

export class EmulatorState {
	readonly secrets = new SecretIssuer();
	readonly credentials = new CredentialStore(this.secrets);
	readonly sso = new SsoSessions(this.secrets);
	readonly faults = new FaultPlan();
	readonly catalog = new ModelCatalog();
	readonly promptCache = new PromptCache();
	readonly guardrails = new GuardrailRegistry();
	readonly bedrockApiKeys = new Set<string>();
	readonly counters = new Map<string, number>();
	readonly lastRequests = new Map<string, RecordedRequest>();
	readonly lifetimes: Lifetimes;
	readonly pollIntervalSeconds: number;
	readonly autoApproveAfterPolls?: number;
	readonly replies: ReplySettings;
	readonly log: (line: string) => void;
	/** Base URL of the HTTP/1.1 listener, known once it listens (the device page lives there). */
	httpUrl = '';

	constructor(options: EmulatorOptions) {
		this.lifetimes = { ...DEFAULT_LIFETIMES, ...options.lifetimes };
		this.pollIntervalSeconds = options.pollIntervalSeconds ?? 1;
		this.autoApproveAfterPolls = options.autoApproveAfterPolls;
		const delayMs = Math.max(0, options.streamDelayMs ?? 0);
		this.replies = { queued: [], chunkChars: Math.max(1, options.streamChunkChars ?? 12), delayMs, inputDelayMs: 0, cachedInputDelayMs: 0, startDelayMs: delayMs };
		this.log = options.log ?? (() => undefined);
	}

	/** The server's notion of now (epoch ms), offset by clockSkewSeconds(). */
	now(): number {
		return Date.now() + this.faults.skewMs;
	}

	/** Epoch ms `seconds` from now on the server's clock. */
	after(seconds: number): number {
		return this.now() + seconds * 1000;
	}

	count(operation: string): void {
		this.counters.set(operation, (this.counters.get(operation) ?? 0) + 1);
	}
}
