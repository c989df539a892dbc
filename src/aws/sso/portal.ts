// The AWS access portal API (ListAccounts, ListAccountRoles, GetRoleCredentials, Logout),
// always called in the Identity Center region — never the Bedrock region.
import {
	GetRoleCredentialsCommand,
	LogoutCommand,
	paginateListAccountRoles,
	paginateListAccounts,
	type SSOClient,
} from '@aws-sdk/client-sso';
import type { SsoAccount } from '../engineTypes';
import { BedrockConnectError } from '../errors';
import { isTransientError, networkError, shortReason } from '../errorMapping';
import type { SourcedCredentials } from '../refreshingProvider';
import { errorName } from '../errorNames';
import { PerRegion } from '../perRegion';

export class SsoPortal {
	private readonly _clients: PerRegion<SSOClient>;

	constructor(createClient: (region: string) => SSOClient) {
		this._clients = new PerRegion(createClient);
	}

	private client(region: string): SSOClient {
		return this._clients.get(region);
	}

	async listAccounts(region: string, accessToken: string): Promise<SsoAccount[]> {
		const accounts: SsoAccount[] = [];
		try {
			for await (const page of paginateListAccounts({ client: this.client(region), pageSize: 100 }, { accessToken })) {
				for (const a of page.accountList ?? []) {
					if (a.accountId) {
						accounts.push({
							accountId: a.accountId,
							...(a.accountName ? { accountName: a.accountName } : {}),
							...(a.emailAddress ? { emailAddress: a.emailAddress } : {}),
						});
					}
				}
			}
		} catch (error) {
			throw mapPortalError(error, 'Listing your AWS accounts');
		}
		return accounts.sort((a, b) => (a.accountName ?? a.accountId).localeCompare(b.accountName ?? b.accountId));
	}

	async listRoles(region: string, accessToken: string, accountId: string): Promise<string[]> {
		const roles: string[] = [];
		try {
			for await (const page of paginateListAccountRoles({ client: this.client(region), pageSize: 100 }, { accessToken, accountId })) {
				for (const r of page.roleList ?? []) {
					if (r.roleName) {
						roles.push(r.roleName);
					}
				}
			}
		} catch (error) {
			throw mapPortalError(error, `Listing your roles in account ${accountId}`);
		}
		return roles.sort();
	}

	async getRoleCredentials(region: string, accessToken: string, accountId: string, roleName: string): Promise<SourcedCredentials> {
		let out;
		try {
			out = await this.client(region).send(new GetRoleCredentialsCommand({ accessToken, accountId, roleName }));
		} catch (error) {
			throw mapPortalError(error, `Getting credentials for role ${roleName} in account ${accountId}`);
		}
		const c = out.roleCredentials;
		if (!c?.accessKeyId || !c.secretAccessKey || !c.sessionToken || !c.expiration) {
			throw new BedrockConnectError('ServiceError', 'IAM Identity Center returned incomplete role credentials.');
		}
		return {
			accessKeyId: c.accessKeyId,
			secretAccessKey: c.secretAccessKey,
			sessionToken: c.sessionToken,
			expiration: new Date(c.expiration),
		};
	}

	async logout(region: string, accessToken: string): Promise<void> {
		await this.client(region).send(new LogoutCommand({ accessToken }));
	}

	dispose(): void {
		this._clients.dispose();
	}
}

/** True when the portal said the access token itself is no good (refresh it, or sign in). */
export function isTokenRejected(error: unknown): boolean {
	return errorName(error) === 'UnauthorizedException' || (error instanceof BedrockConnectError && error.code === 'SsoSignInExpired');
}

function mapPortalError(error: unknown, context: string): Error {
	switch (errorName(error)) {
		case 'UnauthorizedException':
			return new BedrockConnectError('SsoSignInExpired', `${context} failed: the IAM Identity Center session is not valid any more.`, {
				action: 'Sign in with IAM Identity Center again.',
				cause: error,
			});
		case 'ForbiddenException':
			return new BedrockConnectError('AccessDenied', `${context} failed: you are not assigned to it.`, {
				action: 'Pick another account or role, or ask your administrator for access.',
				cause: error,
			});
		case 'ResourceNotFoundException':
			return new BedrockConnectError('AccessDenied', `${context} failed: the account or role does not exist or is not assigned to you.`, {
				action: 'Pick another account or role.',
				cause: error,
			});
		case 'TooManyRequestsException':
			return new BedrockConnectError('Throttled', `${context} was throttled.`, { action: 'Wait a moment and try again.', cause: error });
	}
	if (isTransientError(error)) {
		return networkError(`${context} failed`, error);
	}
	return new BedrockConnectError('ServiceError', `${context} failed: ${shortReason(error)}`, { cause: error });
}
