// One emulator per suite, a temp HOME with its own ~/.aws (the real one is never read), and
// engines wired to an in-memory SecretStore and a clock the test can move forward.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../emulator';
import type { Engine, EngineDeps } from '../../../src/aws/engineTypes';
import { createEngine } from '../../../src/aws/credentialEngine';
import { MemorySecretStore } from '../../support/memorySecretStore';
import { RecordingLogger } from '../../support/recordingLogger';
import { replaceAwsEnvironment } from '../../support/awsEnvironment';
import { ShiftedClock } from '../../support/shiftedClock';
import { SSO_REGION, START_URL } from '../../support/ssoFixtures';

export { START_URL, SSO_REGION };

/** Real time plus an offset, so a test can make refreshes due without waiting (sleeps stay real). */
export { ShiftedClock as OffsetClock };

export interface EngineWorld {
	readonly emulator: Emulator;
	readonly home: string;
	readonly configFile: string;
	readonly credentialsFile: string;
	writeConfig(text: string): Promise<void>;
	writeCredentials(text: string): Promise<void>;
	newEngine(deps?: Partial<EngineDeps>): { engine: Engine; secrets: MemorySecretStore; logger: RecordingLogger; clock: ShiftedClock };
}

export function useEngineWorld(options: EmulatorOptions = {}): EngineWorld {
	let emulator: Emulator | undefined;
	let home = '';
	let restoreEnv: (() => void) | undefined;
	const engines: Engine[] = [];
	const loggers: RecordingLogger[] = [];

	before(async () => {
		emulator = await startEmulator(options);
		home = await fs.mkdtemp(path.join(os.tmpdir(), 'bc-engine-home-'));
		restoreEnv = replaceAwsEnvironment({
			...emulator.env,
			HOME: home,
			AWS_REGION: 'us-east-1',
			AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
			AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
			AWS_EC2_METADATA_DISABLED: 'true',
		});
		await fs.mkdir(path.join(home, '.aws'), { recursive: true });
	});

	afterEach(async () => {
		for (const engine of engines.splice(0)) {
			engine.dispose();
		}
		// No secret the emulator issued may ever appear in a log line.
		const secrets = emulator?.control.issuedSecrets() ?? [];
		for (const logger of loggers.splice(0)) {
			const leaked = logger.leaked(secrets);
			if (leaked.length) {
				throw new Error(`secrets leaked into the log: ${leaked.length}`);
			}
		}
		emulator?.control.clearFaults();
		await fs.rm(path.join(home, '.aws'), { recursive: true, force: true });
		await fs.mkdir(path.join(home, '.aws'), { recursive: true });
		for (const name of Object.keys(process.env)) {
			if (name.startsWith('AWS_ACCESS') || name.startsWith('AWS_SECRET') || name === 'AWS_SESSION_TOKEN' || name === 'AWS_PROFILE') {
				delete process.env[name];
			}
		}
	});

	after(async () => {
		restoreEnv?.();
		await emulator?.stop();
		await fs.rm(home, { recursive: true, force: true });
	});

	return {
		get emulator() {
			if (!emulator) {
				throw new Error('emulator not started');
			}
			return emulator;
		},
		get home() {
			return home;
		},
		get configFile() {
			return path.join(home, '.aws', 'config');
		},
		get credentialsFile() {
			return path.join(home, '.aws', 'credentials');
		},
		writeConfig: (text) => fs.writeFile(path.join(home, '.aws', 'config'), text),
		writeCredentials: (text) => fs.writeFile(path.join(home, '.aws', 'credentials'), text),
		newEngine(deps = {}) {
			const secrets = (deps.secrets as MemorySecretStore | undefined) ?? new MemorySecretStore();
			const logger = new RecordingLogger();
			const clock = new ShiftedClock();
			const engine = createEngine({ secrets, logger, clock, ...deps });
			engines.push(engine);
			loggers.push(logger);
			return { engine, secrets, logger, clock };
		},
	};
}

export async function signIn(engine: Engine, startUrl = START_URL): Promise<void> {
	await engine.signInWithSso({ startUrl, ssoRegion: SSO_REGION, signal: new AbortController().signal, onDeviceCode: () => undefined });
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

export function codeOf(e: unknown): string | undefined {
	return (e as { code?: string })?.code;
}
