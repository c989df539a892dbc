// Drives an emulator in another process (the standalone CLI) through its admin routes, with
// the same method names as EmulatorControl, each returning a promise.
import type { EmulatorControl, RecordedRequest, TemporaryKeys } from './types';

export type RemoteControl = {
	[Operation in keyof EmulatorControl]: (...args: Parameters<EmulatorControl[Operation]>) => Promise<ReturnType<EmulatorControl[Operation]>>;
};

async function call(httpUrl: string, operation: string, args: unknown[]): Promise<unknown> {
	const response = await fetch(`${httpUrl}/__emulator/${operation}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(args),
	});
	const body: unknown = await response.json();
	if (!response.ok) {
		throw new Error(`Emulator ${operation} failed: ${(body as { error?: string }).error ?? response.status}`);
	}
	return body;
}

/** JSON turns Dates into strings; give them back their type. */
function revive(operation: string, result: unknown): unknown {
	if (operation === 'createTemporaryKeys' && result) {
		const keys = result as TemporaryKeys & { expiration: string };
		return { ...keys, expiration: new Date(keys.expiration) };
	}
	if (operation === 'lastRequest' && result) {
		const record = result as RecordedRequest & { at: string };
		return { ...record, at: new Date(record.at) };
	}
	return result ?? undefined;
}

export function remoteControl(httpUrl: string): RemoteControl {
	return new Proxy({} as RemoteControl, {
		get(_target, operation) {
			if (typeof operation !== 'string' || operation === 'then') {
				return undefined; // not a thenable
			}
			return async (...args: unknown[]) => revive(operation, await call(httpUrl, operation, args));
		},
	});
}
