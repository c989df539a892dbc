// The start-up every bench child that measures the real SDK shares: the emulator in its own
// process (so its work does not count against ours), and this process's AWS variables pointing at
// it and nowhere else (no ambient keys, profile or config files of the machine running the bench).
import type { EmulatorOptions } from '../test/emulator';
import { startEmulatorProcess, type RemoteEmulator } from './emulatorProcess';

export async function startBenchEmulator(region: string, options: EmulatorOptions = {}): Promise<RemoteEmulator> {
	const emulator = await startEmulatorProcess(options);
	for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
	Object.assign(process.env, emulator.env, {
		AWS_REGION: region,
		AWS_CONFIG_FILE: '/nonexistent/bedrock-connect-bench/config',
		AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/bedrock-connect-bench/credentials',
	});
	return emulator;
}
