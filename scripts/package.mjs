// Builds the production bundles and packs them into dist-vsix/bedrock-connect.vsix with vsce.
// The bundles carry every dependency, so vsce runs with --no-dependencies (no node_modules, no network);
// README links stay relative (the repository URL is a placeholder vsce cannot rewrite them against).
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, rmSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const vsix = resolve(projectRoot, 'dist-vsix', 'bedrock-connect.vsix');
const vsce = resolve(projectRoot, 'node_modules', '@vscode', 'vsce', 'vsce');

function run(command, args) {
	const result = spawnSync(command, args, { cwd: projectRoot, stdio: 'inherit' });
	if (result.status !== 0) {
		console.error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
		process.exit(1);
	}
}

// dist/ may hold development maps and stale files; vsce's run of `vscode:prepublish`
// (esbuild --production) rebuilds it from scratch.
rmSync(resolve(projectRoot, 'dist'), { recursive: true, force: true });
mkdirSync(dirname(vsix), { recursive: true });
run(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix]);
console.log(`${vsix} ${(statSync(vsix).size / 1024).toFixed(1)} KB`);
