// The few things the core needs from its host. The VS Code layer implements them with
// SecretStorage and a LogOutputChannel; tests implement them in memory.

/** Secret key/value storage (VS Code SecretStorage). The only place secrets may live. */
export interface SecretStore {
	get(key: string): Promise<string | undefined>;
	store(key: string, value: string): Promise<void>;
	delete(key: string): Promise<void>;
}

export interface Logger {
	trace(message: string, ...args: unknown[]): void;
	debug(message: string, ...args: unknown[]): void;
	info(message: string, ...args: unknown[]): void;
	warn(message: string, ...args: unknown[]): void;
	error(message: string | Error, ...args: unknown[]): void;
}

export interface Clock {
	now(): number;
	/** Resolves after `ms`, or rejects with a Cancelled error when `signal` aborts. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const silentLogger: Logger = {
	trace: () => undefined,
	debug: () => undefined,
	info: () => undefined,
	warn: () => undefined,
	error: () => undefined,
};
