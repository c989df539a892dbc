// A scripted SSO-OIDC port: each CreateToken answer is taken from a queue of outcomes.
import type { DeviceAuthorization, OidcClientPort, TokenGrant } from '../../src/aws/sso/oidcPort';

export type Outcome = TokenGrant | { error: string; status?: number; code?: string };

export function sdkError(name: string, status = 400, code?: string): Error {
	return Object.assign(new Error(`${name} from fake`), { name, $metadata: { httpStatusCode: status }, ...(code ? { code } : {}) });
}

export class FakeOidc implements OidcClientPort {
	registrations = 0;
	deviceAuthorizations = 0;
	readonly tokenCalls: Array<{ grantType: string; refreshToken?: string }> = [];
	readonly createTokenOutcomes: Outcome[] = [];
	/** Used when the queue is empty. */
	defaultOutcome: Outcome | undefined;
	authorization: DeviceAuthorization = {
		deviceCode: 'device-code-secret-1234',
		userCode: 'ABCD-EFGH',
		verificationUri: 'https://device.sso.us-east-1.amazonaws.com/',
		verificationUriComplete: 'https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH',
		expiresIn: 600,
		interval: 5,
	};
	/** Lets a test hold CreateToken (refresh) in flight. */
	gate: Promise<void> | undefined;

	readonly registerInputs: Array<Parameters<OidcClientPort['registerClient']>[0]> = [];

	async registerClient(input?: Parameters<OidcClientPort['registerClient']>[0]): Promise<{ clientId: string; clientSecret: string; clientSecretExpiresAt?: number }> {
		this.registrations++;
		if (input) {
			this.registerInputs.push(input);
		}
		return { clientId: `client-${this.registrations}`, clientSecret: `client-secret-${this.registrations}-xxxxxxxx`, clientSecretExpiresAt: Math.floor(Date.parse('2026-04-01T00:00:00Z') / 1000) };
	}

	/** Client ids StartDeviceAuthorization refuses with InvalidClientException (a forgotten registration). */
	readonly refusedClients = new Set<string>();

	async startDeviceAuthorization(input: { clientId: string }): Promise<DeviceAuthorization> {
		this.deviceAuthorizations++;
		if (this.refusedClients.has(input.clientId)) {
			throw sdkError('InvalidClientException', 401);
		}
		return this.authorization;
	}

	baseUrl = 'https://oidc.us-east-1.amazonaws.com/';

	async authorizationBaseUrl(): Promise<string> {
		return this.baseUrl;
	}

	/** The authorization-code CreateToken calls, in full (the PKCE tests check verifier and redirect). */
	readonly authCodeCalls: Array<Extract<Parameters<OidcClientPort['createToken']>[0], { grantType: 'authorization_code' }>> = [];

	async createToken(input: Parameters<OidcClientPort['createToken']>[0]): Promise<TokenGrant> {
		this.tokenCalls.push({ grantType: input.grantType, ...('refreshToken' in input ? { refreshToken: input.refreshToken } : {}) });
		if (input.grantType === 'authorization_code') {
			this.authCodeCalls.push(input);
		}
		if (this.gate) {
			await this.gate;
		}
		const outcome = this.createTokenOutcomes.shift() ?? this.defaultOutcome;
		if (!outcome) {
			throw new Error('FakeOidc: no scripted outcome');
		}
		if ('error' in outcome) {
			throw sdkError(outcome.error, outcome.status ?? 400, outcome.code);
		}
		return outcome;
	}
}

let tokenSerial = 0;
export function grant(expiresIn = 3600, withRefresh = true): TokenGrant {
	tokenSerial++;
	return {
		accessToken: `access-token-${tokenSerial}-xxxxxxxxxxxx`,
		expiresIn,
		...(withRefresh ? { refreshToken: `refresh-token-${tokenSerial}-xxxxxxxxxxxx` } : {}),
	};
}
