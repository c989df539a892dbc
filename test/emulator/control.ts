// The control surface tests use to create identities, steer the device flow, expire things,
// arm faults and read what the emulator saw.
import { assumedRolePrincipal, userPrincipal } from './credentials';
import { DEFAULT_ACCOUNT_ID, SSO_USER } from './directory';
import { toScriptedReply } from './replies';
import type { EmulatorState } from './state';
import type { EmulatorControl, Lifetimes } from './types';

function checkAccountId(accountId: string): string {
	if (!/^\d{12}$/.test(accountId)) {
		throw new Error(`An account id is 12 digits, not ${accountId}`);
	}
	return accountId;
}

export function createControl(state: EmulatorState): EmulatorControl {
	return {
		createAccessKey(options = {}) {
			const principal = userPrincipal(checkAccountId(options.accountId ?? DEFAULT_ACCOUNT_ID), options.userName ?? SSO_USER);
			const key = state.credentials.issueLongTerm(principal);
			return { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey };
		},
		createTemporaryKeys(options = {}) {
			const principal = assumedRolePrincipal(
				checkAccountId(options.accountId ?? DEFAULT_ACCOUNT_ID),
				options.roleName ?? 'BedrockUser',
				options.sessionName ?? SSO_USER,
			);
			const key = state.credentials.issueTemporary(principal, state.after(options.ttlSeconds ?? 3600));
			return {
				accessKeyId: key.accessKeyId,
				secretAccessKey: key.secretAccessKey,
				sessionToken: key.sessionToken ?? '',
				expiration: new Date(key.expiresAt ?? 0),
			};
		},
		createBedrockApiKey() {
			const token = state.secrets.bedrockApiKey();
			state.bedrockApiKeys.add(token);
			return { token };
		},
		createApplicationInferenceProfile(options) {
			return state.catalog.createApplicationProfile(options);
		},
		createGuardrail(options) {
			return state.guardrails.create(options);
		},

		approveDeviceCode(userCode) {
			const authorization = userCode ? state.sso.findByUserCode(userCode) : state.sso.latestPending(state.now());
			if (!authorization || authorization.status !== 'pending' || authorization.expiresAt <= state.now()) {
				throw new Error(userCode ? `No pending device authorization has the user code ${userCode}` : 'No device authorization is pending');
			}
			authorization.status = 'approved';
			return { userCode: authorization.userCode };
		},
		denyNextDeviceCode() {
			state.sso.denyNextPolls++;
		},
		slowDownNextPolls(n) {
			state.sso.slowDownPolls += Math.max(0, n);
		},
		expireDeviceCodes() {
			state.sso.expireAuthorizations(state.now());
		},
		deviceAuthorizations() {
			return state.sso.views(state.now());
		},

		revokeRefreshTokens() {
			state.sso.revokeRefreshTokens();
		},
		expireAllCredentials() {
			const now = state.now();
			state.sso.expireAccessTokens(now);
			state.credentials.expireTemporary(now);
		},
		setLifetimes(lifetimes: Partial<Lifetimes>) {
			for (const [name, seconds] of Object.entries(lifetimes)) {
				if (name in state.lifetimes && typeof seconds === 'number' && seconds > 0) {
					state.lifetimes[name as keyof Lifetimes] = seconds;
				}
			}
		},

		throttle: (operation, n) => state.faults.throttle(operation, n),
		failWith: (operation, status, n) => state.faults.failWith(operation, status, n),
		delay: (operation, ms, n) => state.faults.delay(operation, ms, n),
		resetStream: (n, afterDeltas) => state.faults.resetStream(n, afterDeltas),
		streamException: (type, n, afterDeltas) => state.faults.streamException(type, n, afterDeltas),
		clockSkewSeconds(seconds) {
			state.faults.skewMs = seconds * 1000;
		},
		clearFaults: () => state.faults.clear(),
		reset() {
			state.faults.clear();
			state.replies.queued.length = 0;
			state.replies.lengthWords = undefined;
			state.promptCache.clear();
			state.replies.delayMs = state.replies.startDelayMs;
			state.replies.inputDelayMs = 0;
			state.replies.cachedInputDelayMs = 0;
			state.replies.contextWindow = undefined;
			state.counters.clear();
			state.lastRequests.clear();
			state.sso.denyNextPolls = 0;
			state.sso.slowDownPolls = 0;
		},

		setNextReplies(texts) {
			state.replies.queued.push(...texts.map(toScriptedReply));
		},
		setTokenDelays(delays) {
			const ms = (value: unknown, current: number) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : current);
			state.replies.inputDelayMs = ms(delays?.inputMs, state.replies.inputDelayMs);
			state.replies.cachedInputDelayMs = ms(delays?.cachedInputMs, state.replies.cachedInputDelayMs);
			state.replies.delayMs = ms(delays?.outputMs, state.replies.delayMs);
		},
		setContextWindow(tokens) {
			state.replies.contextWindow = typeof tokens === 'number' && tokens > 0 ? Math.floor(tokens) : undefined;
		},
		setCacheMinimumTokens(tokens) {
			state.promptCache.minimumTokens = typeof tokens === 'number' && tokens >= 0 ? Math.floor(tokens) : undefined;
		},
		setReplyLength(words) {
			state.replies.lengthWords = words === undefined || words === null ? undefined : Math.max(1, Math.floor(words));
		},

		counters: () => Object.fromEntries(state.counters),
		resetCounters: () => state.counters.clear(),
		issuedSecrets: () => state.secrets.all(),
		lastRequest: (operation) => state.lastRequests.get(operation),
	};
}
