// Starts bench/emulatorChild.ts in a child process and gives back a promise-based control.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { EmulatorOptions } from '../test/emulator';

export interface RemoteEmulator {
	env: Record<string, string>;
	call<T = unknown>(op: string, ...args: unknown[]): Promise<T>;
	stop(): Promise<void>;
}

export async function startEmulatorProcess(options: EmulatorOptions = {}): Promise<RemoteEmulator> {
	const tsx = path.join(__dirname, '..', 'node_modules', '.bin', 'tsx');
	const child = spawn(tsx, [path.join(__dirname, 'emulatorChild.ts'), JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'inherit'] });
	const lines = createInterface({ input: child.stdout });
	const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
	let nextId = 1;
	const ready = new Promise<{ env: Record<string, string> }>((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
		lines.on('line', (line) => {
			const message = JSON.parse(line) as { ready?: boolean; env?: Record<string, string>; id?: number; result?: unknown; error?: string };
			if (message.ready) return resolve({ env: message.env ?? {} });
			const pending = message.id === undefined ? undefined : waiting.get(message.id);
			if (!pending || message.id === undefined) return;
			waiting.delete(message.id);
			if (message.error) pending.reject(new Error(message.error));
			else pending.resolve(message.result);
		});
	});
	const { env } = await ready;
	return {
		env,
		call<T>(op: string, ...args: unknown[]): Promise<T> {
			const id = nextId++;
			return new Promise<T>((resolve, reject) => {
				waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
				child.stdin.write(`${JSON.stringify({ id, op, args })}\n`);
			});
		},
		stop: () =>
			new Promise<void>((resolve) => {
				child.once('exit', () => resolve());
				child.stdin.end();
				setTimeout(() => child.kill(), 3_000).unref();
			}),
	};
}
