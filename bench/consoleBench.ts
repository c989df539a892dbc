// Console credentials over a simulated 12-hour working day: a login_session profile through the
// real engine and the SDK's login provider, 50 concurrent credential requests every simulated
// minute, against the emulator's AWS Sign-In. Counts refreshes per 15-minute window (goal: one,
// never two). Time is simulated by shifting Date.now for this process, which the SDK, the
// emulator (in this process) and the engine's clock all read. Prints one JSON object on stdout.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngine } from '../src/aws/credentialEngine';
import { silentLogger } from '../src/aws/ports';
import { startEmulator } from '../test/emulator';
import { consoleProfile, signInWithConsole } from '../test/support/consoleLogin';
import { MemorySecretStore } from '../test/support/memorySecretStore';

const MINUTE = 60_000;
const WINDOW = 15 * MINUTE;
const DAY = 12 * 60 * MINUTE;
const CONCURRENT = 50;

function log(message: string): void {
	process.stderr.write(`  · ${message}\n`);
}

async function main(): Promise<Record<string, unknown>> {
	const realNow = Date.now.bind(Date);
	let offset = 0;
	Date.now = () => realNow() + offset;
	const home = await fs.mkdtemp(path.join(os.tmpdir(), 'bc-console-bench-'));
	const emulator = await startEmulator();
	const env: NodeJS.ProcessEnv = {
		PATH: process.env.PATH,
		HOME: home,
		AWS_REGION: 'us-east-1',
		AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
		AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
		AWS_ENDPOINT_URL_SIGNIN: emulator.httpUrl,
		AWS_ENDPOINT_URL: emulator.httpUrl,
	};
	const saved = { ...process.env };
	Object.assign(process.env, env); // the SDK's provider reads process.env itself
	try {
		const fixture = await signInWithConsole({ control: emulator.control, cacheDir: path.join(home, '.aws', 'login', 'cache') });
		await fs.mkdir(path.join(home, '.aws'), { recursive: true });
		await fs.writeFile(env.AWS_CONFIG_FILE!, consoleProfile('console', fixture.grant.loginSession));
		const engine = createEngine({ secrets: new MemorySecretStore(), logger: silentLogger, env, clock: { now: () => Date.now() } as never });
		const connection = engine.openConnection({ method: 'profile', profile: 'console' }, 'us-east-1');
		const perWindow = new Map<number, number>();
		const keys = new Set<string>();
		let failures = 0;
		let previous = 0;
		// Refreshes beyond the first in one simulated minute (50 concurrent requests): duplicates.
		let duplicated = 0;
		let lastRefreshAt = 0;
		const intervals: number[] = [];
		const started = realNow();
		// The last minute of the 12 h is the session's end; stop just before it.
		for (let t = 0; t < DAY - MINUTE; t += MINUTE) {
			offset = t;
			const results = await Promise.allSettled(Array.from({ length: CONCURRENT }, () => connection.credentials()));
			for (const result of results) {
				if (result.status === 'fulfilled') keys.add(result.value.accessKeyId);
				else failures++;
			}
			const count = emulator.control.counters()['signin:CreateOAuth2Token'] ?? 0;
			if (count > previous + 1) duplicated += count - previous - 1;
			if (count > previous) {
				intervals.push(t - lastRefreshAt);
				lastRefreshAt = t;
				const window = Math.floor(t / WINDOW);
				perWindow.set(window, (perWindow.get(window) ?? 0) + (count - previous));
				previous = count;
			}
		}
		const windows = Math.ceil((DAY - MINUTE) / WINDOW);
		const maxPerWindow = Math.max(0, ...perWindow.values());
		log(`console credentials: ${previous} refreshes over ${windows} windows (${duplicated} duplicated), at most ${maxPerWindow} in one, ${failures} failed requests, in ${realNow() - started} ms`);
		const endsAt = connection.expiry().signInExpiresAt;
		connection.dispose();
		engine.dispose();
		return {
			simulatedHours: 12,
			requestsPerMinute: CONCURRENT,
			refreshes: previous,
			windows,
			windowsWithRefresh: perWindow.size,
			maxRefreshesInOneWindow: maxPerWindow,
			duplicatedRefreshes: duplicated,
			medianMinutesBetweenRefreshes: intervals.length ? [...intervals].sort((a, b) => a - b)[Math.floor(intervals.length / 2)] / MINUTE : null,
			distinctKeys: keys.size,
			failedRequests: failures,
			sessionEndShownHoursAfterSignIn: endsAt ? Math.round(((endsAt.getTime() - realNow()) / 3_600_000) * 100) / 100 : null,
			wallMs: realNow() - started,
		};
	} finally {
		process.env = saved;
		Date.now = realNow;
		await emulator.stop();
		await fs.rm(home, { recursive: true, force: true });
	}
}

main().then(
	(result) => process.stdout.write(`${JSON.stringify(result)}\n`),
	(error) => {
		process.stderr.write(`${String(error?.stack ?? error)}\n`);
		process.exit(1);
	},
);
