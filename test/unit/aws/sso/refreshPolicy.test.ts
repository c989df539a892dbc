import * as assert from 'node:assert/strict';
import {
	backgroundRefreshDelay,
	cannotRenewReason,
	endedReason,
	endsSignIn,
	retryAfterFailureDelay,
	isStillValid,
	keepsTokenAfterFailedRefresh,
	mayBeOtherWindowsRefresh,
	refreshDueAt,
	shouldRefreshOnUse,
} from '../../../../src/aws/sso/refreshPolicy';

const MINUTE = 60_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const token = (lifetimeMin: number) => ({ issuedAt: new Date(T0).toISOString(), expiresAt: new Date(T0 + lifetimeMin * MINUTE).toISOString() });
const serviceError = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

describe('SSO refresh policy', () => {
	it('refreshes 10 minutes before expiry, or at 80 % of a short life', () => {
		for (const [lifetimeMin, dueAfterMin] of [
			[60, 50],
			[480, 470],
			[10, 8],
			[1, 0.8],
		] as const) {
			assert.equal(refreshDueAt(token(lifetimeMin)), T0 + dueAfterMin * MINUTE, `${lifetimeMin} min token`);
		}
	});

	it('counts a token valid until a margin before expiry (30 s, less for tiny tokens)', () => {
		for (const [lifetimeMin, atMs, valid] of [
			[60, 60 * MINUTE - 31_000, true],
			[60, 60 * MINUTE - 30_000, false],
			[1, 53_000, true],
			[1, 54_000, false],
		] as const) {
			assert.equal(isStillValid(token(lifetimeMin), T0 + atMs), valid, `${lifetimeMin} min token at ${atMs} ms`);
		}
	});

	it('decides on use whether to refresh', () => {
		const t = token(60);
		const never = Number.NEGATIVE_INFINITY;
		for (const [atMin, forceRefresh, refreshInFlight, lastAttemptAt, refresh] of [
			[10, false, false, never, false],
			[51, false, false, never, true],
			[51, false, false, T0 + 51 * MINUTE - 10_000, false],
			[51, false, true, T0 + 51 * MINUTE - 10_000, true],
			[10, true, false, T0 + 10 * MINUTE - 10_000, true],
			[61, false, false, T0 + 61 * MINUTE - 10_000, true],
		] as const) {
			assert.equal(shouldRefreshOnUse(t, T0 + atMin * MINUTE, { forceRefresh, refreshInFlight, lastAttemptAt }), refresh, `at ${atMin} min`);
		}
	});

	it('spreads background refreshes early by at most 5 % of the wait, capped at 30 s', () => {
		assert.equal(backgroundRefreshDelay(token(60), T0, 0), 50 * MINUTE);
		assert.equal(backgroundRefreshDelay(token(60), T0, 1), 50 * MINUTE - 30_000);
		assert.equal(backgroundRefreshDelay(token(10), T0, 1), 8 * MINUTE * 0.95);
		assert.equal(backgroundRefreshDelay(token(60), T0 + 70 * MINUTE, 1), 0);
	});

	it('says why a token cannot be renewed at all', () => {
		const future = new Date(T0 + MINUTE).toISOString();
		assert.equal(cannotRenewReason({ refreshToken: 'r', registrationExpiresAt: future }, T0), undefined);
		assert.match(cannotRenewReason({ registrationExpiresAt: future }, T0) ?? '', /no refresh token/);
		assert.match(cannotRenewReason({ refreshToken: 'r', registrationExpiresAt: new Date(T0).toISOString() }, T0) ?? '', /registration has expired/);
	});

	it('ends a sign-in only when the refresh token or the client registration is refused (table)', () => {
		const proxyBlockPage = Object.assign(new Error('Forbidden'), { name: 'Error', $metadata: { httpStatusCode: 403 }, $fault: 'client' });
		for (const [error, ends] of [
			[serviceError('InvalidGrantException', 400), true],
			[serviceError('InvalidClientException', 401), true],
			[serviceError('UnauthorizedClientException', 400), true],
			[serviceError('ExpiredTokenException', 400), true],
			[serviceError('AccessDeniedException', 403), false],
			[proxyBlockPage, false],
			[serviceError('InvalidRequestException', 400), false],
			[serviceError('UnknownError', 404), false],
			[serviceError('TooManyRequestsException', 429), false],
			[serviceError('SlowDownException', 400), false],
			[serviceError('InternalServerException', 500), false],
			[Object.assign(new Error('reset'), { code: 'ECONNRESET' }), false],
			[undefined, false],
		] as const) {
			assert.equal(endsSignIn(error), ends, error?.name ?? String(error));
		}
	});

	it('backs off a failed background refresh from 30 s to at most 5 min', () => {
		assert.deepEqual(
			[1, 2, 3, 4, 5, 6, 50].map((failures) => retryAfterFailureDelay(failures)),
			[30_000, 60_000, 120_000, 240_000, 300_000, 300_000, 300_000],
		);
	});

	it('names the reason a refused refresh ended the sign-in', () => {
		assert.match(endedReason(serviceError('InvalidGrantException', 400)), /invalid_grant/);
		assert.match(endedReason(serviceError('InvalidClientException', 400)), /invalid_client/);
		assert.match(endedReason(serviceError('UnauthorizedClientException', 400)), /refused to renew it \(UnauthorizedClientException\)/);
		assert.match(endedReason({}), /\(client error\)/);
		assert.equal(mayBeOtherWindowsRefresh(serviceError('InvalidGrantException', 400)), true);
		assert.equal(mayBeOtherWindowsRefresh(serviceError('InvalidClientException', 400)), false);
	});

	it('keeps the held token after a passing failure unless the refresh was forced', () => {
		const t = token(60);
		const network = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
		assert.equal(keepsTokenAfterFailedRefresh(network, t, T0 + 55 * MINUTE, false), true);
		assert.equal(keepsTokenAfterFailedRefresh(network, t, T0 + 55 * MINUTE, true), false);
		assert.equal(keepsTokenAfterFailedRefresh(network, t, T0 + 61 * MINUTE, false), false);
		assert.equal(keepsTokenAfterFailedRefresh(serviceError('InvalidGrantException', 400), t, T0, false), false);
		assert.equal(keepsTokenAfterFailedRefresh(network, undefined, T0, false), false);
	});
});
