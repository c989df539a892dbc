// The fixed IAM Identity Center directory the emulator serves: one user, two accounts and the
// permission sets assigned in each.

export interface AccountAssignment {
	accountId: string;
	accountName: string;
	emailAddress: string;
	roles: string[];
}

export const SSO_USER = 'alice';

export const ACCOUNTS: readonly AccountAssignment[] = [
	{ accountId: '111111111111', accountName: 'dev', emailAddress: 'aws-dev@example.com', roles: ['BedrockUser', 'ReadOnly'] },
	{ accountId: '222222222222', accountName: 'prod', emailAddress: 'aws-prod@example.com', roles: ['BedrockUser'] },
];

export const DEFAULT_ACCOUNT_ID = '111111111111';

export function findAssignment(accountId: string, roleName: string): AccountAssignment | undefined {
	return ACCOUNTS.find((account) => account.accountId === accountId && account.roles.includes(roleName));
}
