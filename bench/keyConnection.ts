// A Connection over one long-term access key, for bench children that measure the service and the
// SDK without any sign-in or refresh in the way.
import type { AwsCredentials, Connection } from '../src/aws/engineTypes';

export function keyConnection(key: { accessKeyId: string; secretAccessKey: string }, region: string): Connection {
	const credentials = async (): Promise<AwsCredentials> => ({ ...key, expiration: new Date(Date.now() + 3_600_000) });
	return {
		spec: { method: 'accessKeys' },
		region,
		credentials,
		getIdentity: async () => {
			throw new Error('not used');
		},
		expiry: () => ({ canRefreshSilently: false }),
		onDidChange: () => () => undefined,
		dispose: () => undefined,
	};
}
