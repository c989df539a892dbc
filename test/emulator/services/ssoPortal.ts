// SSO portal over restJson1 (unsigned, bearer in x-amz-sso_bearer_token): ListAccounts,
// ListAccountRoles, GetRoleCredentials (permission-set role credentials) and Logout.
import { assumedRolePrincipal } from '../credentials';
import { ACCOUNTS, findAssignment } from '../directory';
import { type EmulatorRequest, type Reply, emptyReply, firstQueryValue } from '../http';
import { genericErrorName, restJsonError, restJsonResult } from '../protocols';
import { permissionSetSuffix } from '../secrets';
import type { CallContext, EmulatedService, RoutedCall } from '../service';
import type { AccessToken } from '../ssoSessions';

type Query = Record<string, string | string[]>;

const unauthorized = () => restJsonError(401, 'UnauthorizedException', { message: 'Session token not found or invalid' });
const invalidRequest = (message: string) => restJsonError(400, 'InvalidRequestException', { message });

/** Pages a list with the portal's `max_result` / `next_token` (an opaque offset). */
function page<T>(items: readonly T[], query: Query): { items: T[]; nextToken?: string } | Reply {
	const maxText = firstQueryValue(query, 'max_result');
	const tokenText = firstQueryValue(query, 'next_token');
	const max = maxText === undefined ? 100 : Number(maxText);
	if (!Number.isInteger(max) || max < 1 || max > 100) {
		return invalidRequest('max_result must be between 1 and 100');
	}
	const start = tokenText === undefined ? 0 : Number(Buffer.from(tokenText, 'base64url').toString('utf8'));
	if (!Number.isInteger(start) || start < 0 || start > items.length) {
		return invalidRequest('Invalid next_token');
	}
	const end = start + max;
	return { items: items.slice(start, end), nextToken: end < items.length ? Buffer.from(String(end)).toString('base64url') : undefined };
}

function listAccounts(_context: CallContext, _access: AccessToken, query: Query): Reply {
	const result = page(ACCOUNTS, query);
	if ('status' in result) {
		return result;
	}
	return restJsonResult({
		accountList: result.items.map(({ accountId, accountName, emailAddress }) => ({ accountId, accountName, emailAddress })),
		nextToken: result.nextToken,
	});
}

function listAccountRoles(_context: CallContext, _access: AccessToken, query: Query): Reply {
	const accountId = firstQueryValue(query, 'account_id');
	if (!accountId) {
		return invalidRequest('account_id is required');
	}
	const account = ACCOUNTS.find((candidate) => candidate.accountId === accountId);
	const result = page(account ? account.roles : [], query);
	if ('status' in result) {
		return result;
	}
	return restJsonResult({ roleList: result.items.map((roleName) => ({ roleName, accountId })), nextToken: result.nextToken });
}

function getRoleCredentials(context: CallContext, access: AccessToken, query: Query): Reply {
	const { state } = context;
	const accountId = firstQueryValue(query, 'account_id');
	const roleName = firstQueryValue(query, 'role_name');
	if (!accountId || !roleName) {
		return invalidRequest('role_name and account_id are required');
	}
	if (!findAssignment(accountId, roleName)) {
		return restJsonError(403, 'ForbiddenException', { message: 'No access' });
	}
	const reservedRole = `AWSReservedSSO_${roleName}_${permissionSetSuffix(accountId, roleName)}`;
	const key = state.credentials.issueTemporary(assumedRolePrincipal(accountId, reservedRole, access.userName), state.after(state.lifetimes.roleCredentials));
	return restJsonResult({
		roleCredentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, sessionToken: key.sessionToken, expiration: key.expiresAt },
	});
}

function logout(context: CallContext, access: AccessToken): Reply {
	context.state.sso.logout(access);
	return emptyReply(200);
}

const ROUTES: Record<string, { method: string; operation: string; perform: (context: CallContext, access: AccessToken, query: Query) => Reply }> = {
	'/assignment/accounts': { method: 'GET', operation: 'sso:ListAccounts', perform: listAccounts },
	'/assignment/roles': { method: 'GET', operation: 'sso:ListAccountRoles', perform: listAccountRoles },
	'/federation/credentials': { method: 'GET', operation: 'sso:GetRoleCredentials', perform: getRoleCredentials },
	'/logout': { method: 'POST', operation: 'sso:Logout', perform: logout },
};

export const ssoPortalService: EmulatedService = {
	route(request: EmulatorRequest): RoutedCall | undefined {
		const route = ROUTES[request.rawPath];
		if (!route || route.method !== request.method) {
			return undefined;
		}
		return {
			operation: route.operation,
			params: { ...request.query },
			async handle(context) {
				context.record.auth = 'sso-bearer';
				const access = context.state.sso.validAccessToken(request.headers['x-amz-sso_bearer_token'], context.state.now());
				return access ? route.perform(context, access, request.query) : unauthorized();
			},
		};
	},
	throttled: () => restJsonError(429, 'TooManyRequestsException', { message: 'Rate exceeded' }),
	failed: (status) =>
		restJsonError(
			status,
			genericErrorName(status, { 401: 'UnauthorizedException', 404: 'ResourceNotFoundException', 429: 'TooManyRequestsException', client: 'InvalidRequestException', server: 'InternalServerException' }),
			{ message: 'The emulator was told to fail this call.' },
		),
};
