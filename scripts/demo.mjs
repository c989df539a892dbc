// `npm run demo`: sets everything up on a fresh machine (dependencies, build, .vsix, code-server),
// then runs the extension in code-server against the local AWS emulator until Ctrl+C.
// Flags: --port N (code-server), --emulator-port N, --quiet (no emulator request log).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function step(title, command, args) {
	console.log(`\n▸ ${title}`);
	const result = spawnSync(command, args, { cwd: projectRoot, stdio: 'inherit' });
	if (result.status !== 0) {
		console.error(`✖ ${title} failed (${command} ${args.join(' ')} exited with ${result.status ?? result.signal}).`);
		process.exit(1);
	}
}

if (!existsSync(join(projectRoot, 'node_modules', '.bin', 'tsx'))) step('Installing dependencies (npm ci)', 'npm', ['ci']);
step('Building and packaging the extension', process.execPath, ['scripts/package.mjs']);
step('Installing code-server 4.139.1 (VS Code 1.139) and its Node 24 if needed (about 3–6 minutes the first time)', process.execPath, ['scripts/install-code-server.mjs', 'latest']);

console.log('\n▸ Starting the AWS emulator and code-server');
const session = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/harness/demoSession.ts', ...process.argv.slice(2)], {
	cwd: projectRoot,
	stdio: 'inherit',
});
// Ctrl+C reaches the session too (same process group); it stops everything, then we exit with it.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => session.kill('SIGTERM'));
session.on('close', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 0 : 1)));
