// Runs the project's AWS emulator in its own process for the benchmark, so the host-side
// figures are not skewed by the emulator sharing the event loop. Control calls arrive as JSON
// lines on stdin ({id, op, args}) and are answered on stdout ({id, result} or {id, error}).
import { createInterface } from 'node:readline';
import { startEmulator, type EmulatorControl, type EmulatorOptions } from '../test/emulator';

async function main(): Promise<void> {
	const options = JSON.parse(process.argv[2] ?? '{}') as EmulatorOptions;
	const emulator = await startEmulator(options);
	process.stdout.write(`${JSON.stringify({ ready: true, env: emulator.env, region: emulator.region })}\n`);
	const lines = createInterface({ input: process.stdin });
	lines.on('line', (line) => {
		const { id, op, args } = JSON.parse(line) as { id: number; op: keyof EmulatorControl; args: unknown[] };
		try {
			const fn = emulator.control[op] as (...a: unknown[]) => unknown;
			const result = fn.apply(emulator.control, args ?? []);
			process.stdout.write(`${JSON.stringify({ id, result: result ?? null })}\n`);
		} catch (e) {
			process.stdout.write(`${JSON.stringify({ id, error: e instanceof Error ? e.message : String(e) })}\n`);
		}
	});
	lines.on('close', () => {
		void emulator.stop().then(() => process.exit(0));
	});
}

void main();
