// Shared setup for the emulator's integration tests: one emulator per suite, and process.env
// pointed at it (endpoints, region, no shared config files) for exactly the suite's duration.
import os from 'node:os';
import path from 'node:path';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../emulator';
import { replaceAwsEnvironment } from '../../support/awsEnvironment';

export interface EmulatorHarness {
	readonly emulator: Emulator;
}

/** Starts an emulator before the suite and points the SDK at it through AWS_ENDPOINT_URL*. */
export function useEmulator(options: EmulatorOptions = {}): EmulatorHarness {
	let current: Emulator | undefined;
	let restoreEnv: (() => void) | undefined;

	before(async () => {
		current = await startEmulator(options);
		const nowhere = path.join(os.tmpdir(), 'bedrock-connect-emulator-tests-no-such-dir');
		restoreEnv = replaceAwsEnvironment({
			...current.env,
			AWS_REGION: 'us-east-1',
			AWS_CONFIG_FILE: path.join(nowhere, 'config'),
			AWS_SHARED_CREDENTIALS_FILE: path.join(nowhere, 'credentials'),
		});
	});

	after(async () => {
		restoreEnv?.();
		await current?.stop();
	});

	afterEach(() => {
		current?.control.reset();
	});

	return {
		get emulator() {
			if (!current) {
				throw new Error('The emulator is not started yet (use it inside a test or hook).');
			}
			return current;
		},
	};
}
