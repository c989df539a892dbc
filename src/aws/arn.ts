// Turns the ARN that STS GetCallerIdentity returns into a Principal the UI can show:
// IAM users, assumed roles (IAM Identity Center roles by their permission-set name),
// federated users and root, in every partition.
import type { Principal } from './engineTypes';

/** Identity Center roles are named AWSReservedSSO_<PermissionSet>_<16 hex>. */
const SSO_ROLE_NAME = /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/;

export interface ParsedArn {
	partition: string;
	service: string;
	region: string;
	accountId: string;
	resource: string;
}

/** Splits `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`; undefined when it is not an ARN. */
export function splitArn(arn: string): ParsedArn | undefined {
	const parts = arn.split(':');
	if (parts.length < 6 || parts[0] !== 'arn' || !parts[1] || !parts[2]) {
		return undefined;
	}
	const [, partition, service, region, accountId] = parts;
	// The resource may itself contain colons.
	const resource = parts.slice(5).join(':');
	return { partition, service, region, accountId, resource };
}

/** The permission-set name hidden in an Identity Center role name, if it is one. */
export function permissionSetName(roleName: string): string | undefined {
	return SSO_ROLE_NAME.exec(roleName)?.[1];
}

export function parsePrincipalArn(arn: string): Principal {
	const parsed = splitArn(arn);
	if (!parsed) {
		return { kind: 'unknown', partition: '', accountId: '', name: arn };
	}
	const { partition, service, accountId, resource } = parsed;
	const unknown: Principal = { kind: 'unknown', partition, accountId, name: resource };
	if (service === 'iam' && resource === 'root') {
		return { kind: 'root', partition, accountId, name: 'root' };
	}
	if (service === 'iam' && resource.startsWith('user/')) {
		const { path, name } = splitPath(resource.slice('user/'.length));
		return { kind: 'iamUser', partition, accountId, name, ...(path ? { path } : {}) };
	}
	if (service === 'sts' && resource.startsWith('assumed-role/')) {
		// assumed-role/ROLE/SESSION; the session name may contain further slashes? No: STS forbids '/'.
		const rest = resource.slice('assumed-role/'.length);
		const slash = rest.indexOf('/');
		if (slash <= 0) {
			return unknown;
		}
		const roleName = rest.slice(0, slash);
		const sessionName = rest.slice(slash + 1);
		const permissionSet = permissionSetName(roleName);
		if (permissionSet) {
			return { kind: 'ssoPermissionSet', partition, accountId, name: sessionName, roleName: permissionSet };
		}
		return { kind: 'assumedRole', partition, accountId, name: sessionName, roleName };
	}
	if (service === 'sts' && resource.startsWith('federated-user/')) {
		return { kind: 'federatedUser', partition, accountId, name: resource.slice('federated-user/'.length) };
	}
	return unknown;
}

/** `path/to/name` → path `/path/to/`, name `name` (IAM paths begin and end with a slash). */
function splitPath(pathAndName: string): { path?: string; name: string } {
	const lastSlash = pathAndName.lastIndexOf('/');
	if (lastSlash < 0) {
		return { name: pathAndName };
	}
	return { path: `/${pathAndName.slice(0, lastSlash + 1)}`, name: pathAndName.slice(lastSlash + 1) };
}

/** The role an identity acts as, for policy checks: the SSO role's full name too, so either matches. */
export function roleNamesOf(principal: Principal, arn: string): string[] {
	if (principal.kind === 'ssoPermissionSet') {
		const full = splitArn(arn)?.resource.split('/')[1];
		return [principal.roleName ?? '', ...(full ? [full] : [])].filter(Boolean);
	}
	return principal.roleName ? [principal.roleName] : [];
}
