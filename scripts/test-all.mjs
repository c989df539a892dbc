// `npm test`: every check and test suite in order — lint, typecheck, unit, integration, package,
// end-to-end — streaming each step's output, then a summary ending in one line `N passed, N failed`.
// Select steps with `npm test -- --only unit,integration` (names: see `steps` below).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(projectRoot, 'node_modules', '.bin', name);
const statsReporter = join(projectRoot, 'scripts', 'mocha-stats-reporter.js');

/** A mocha suite: its tests are counted. `--forbid-only` so a stray `.only` cannot hide the rest. */
const mocha = (config, spec = []) => ({ kind: 'mocha', command: bin('mocha'), args: ['--config', config, '--forbid-only', '--reporter', statsReporter, ...spec] });
/** A check (lint, typecheck, build): a failure counts as one failed test. */
const check = (command, args) => ({ kind: 'check', command, args });

const steps = [
	{ name: 'lint', runs: [check(bin('eslint'), ['.'])] },
	{ name: 'typecheck', runs: [check(bin('tsc'), ['--noEmit', '-p', '.']), check(bin('tsc'), ['--noEmit', '-p', 'media/chat'])] },
	{ name: 'unit', runs: [mocha('test/unit/.mocharc.json', ['test/unit/**/*.test.ts'])] },
	{ name: 'integration', runs: [mocha('test/integration/.mocharc.json', ['test/integration/**/*.test.ts'])] },
	{ name: 'package', runs: [check(process.execPath, ['scripts/package.mjs'])] },
	{
		// The full suite on today's VS Code (code-server 4.139.1 = VS Code 1.139, Node 24).
		name: 'e2e',
		needs: 'package',
		runs: [
			// Installing code-server takes minutes on a fresh machine: do it before mocha's timeouts apply.
			check(process.execPath, ['scripts/install-code-server.mjs', 'latest']),
			{ ...mocha('test/e2e/.mocharc.json', ['test/e2e/*.test.ts']), env: { E2E_CODE_SERVER: 'latest' } },
		],
	},
	{
		// The smoke suite on the oldest VS Code we claim (engines.vscode: code-server 4.104.0 = VS Code 1.104, Node 22).
		name: 'e2e-oldest',
		needs: 'package',
		runs: [
			check(process.execPath, ['scripts/install-code-server.mjs', 'oldest']),
			{ ...mocha('test/e2e/.mocharc.json', ['test/e2e/oldest-vscode/*.test.ts']), env: { E2E_CODE_SERVER: 'oldest' } },
		],
	},
];

function parseOnly(argv) {
	const index = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
	if (index < 0) return undefined;
	const value = argv[index].includes('=') ? argv[index].split('=')[1] : argv[index + 1];
	const names = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
	const unknown = names.filter((n) => !steps.some((s) => s.name === n));
	if (names.length === 0 || unknown.length > 0) {
		console.error(`--only takes a comma-separated list of: ${steps.map((s) => s.name).join(', ')}`);
		process.exit(2);
	}
	return new Set(names);
}

function run(command, args, env) {
	return new Promise((resolvePromise) => {
		const child = spawn(command, args, { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, ...env } });
		child.on('error', (error) => {
			console.error(`${command}: ${error.message}`);
			resolvePromise(1);
		});
		child.on('close', (code, signal) => resolvePromise(code ?? (signal ? 128 : 1)));
	});
}

function banner(text) {
	console.log(`\n━━━ ${text} ${'━'.repeat(Math.max(0, 70 - text.length))}`);
}

const only = parseOnly(process.argv.slice(2));
const statsDir = mkdtempSync(join(tmpdir(), 'test-all-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const summary = [];
const failedSteps = new Set();
let interrupted = false;
process.on('SIGINT', () => {
	// The child gets the same SIGINT; let it clean up, then report what ran.
	interrupted = true;
});

const started = Date.now();
for (const step of steps) {
	if (only && !only.has(step.name)) continue;
	if (interrupted) break;
	if (step.needs && failedSteps.has(step.needs)) {
		banner(`${step.name}: not run (${step.needs} failed)`);
		totals.failed++;
		failedSteps.add(step.name);
		summary.push({ name: step.name, status: `not run: ${step.needs} failed`, seconds: 0 });
		continue;
	}
	if (step.needs === 'package' && !existsSync(join(projectRoot, 'dist-vsix', 'bedrock-connect.vsix'))) {
		console.log('Note: dist-vsix/bedrock-connect.vsix is missing; run the package step (npm run package) first.');
	}
	banner(step.name);
	const stepStarted = Date.now();
	const counts = { passed: 0, failed: 0, skipped: 0 };
	for (const [index, run_] of step.runs.entries()) {
		const statsFile = join(statsDir, `${step.name}-${index}.json`);
		console.log(`$ ${[run_.command.replace(projectRoot + '/', ''), ...run_.args].join(' ')}`);
		const code = await run(run_.command, run_.args, { ...run_.env, MOCHA_STATS_FILE: statsFile });
		if (run_.kind === 'check') {
			if (code !== 0) counts.failed++;
			// A failed prerequisite (e.g. installing code-server) makes the rest of the step meaningless.
			if (code !== 0) break;
			continue;
		}
		let stats;
		try {
			stats = JSON.parse(readFileSync(statsFile, 'utf8'));
		} catch {
			stats = undefined;
		}
		if (!stats) {
			// Mocha stopped before reporting (a syntax error, a missing file…): count the suite as one failure.
			counts.failed++;
			continue;
		}
		counts.passed += stats.passes;
		counts.failed += stats.failures;
		counts.skipped += stats.pending;
		// A non-zero exit with no failing test (e.g. an error after the run) is still a failure.
		if (code !== 0 && stats.failures === 0) counts.failed++;
	}
	const seconds = Math.round((Date.now() - stepStarted) / 1000);
	totals.passed += counts.passed;
	totals.failed += counts.failed;
	totals.skipped += counts.skipped;
	if (counts.failed > 0) failedSteps.add(step.name);
	const isMocha = step.runs.some((r) => r.kind === 'mocha');
	const status = counts.failed > 0
		? (isMocha ? `FAILED: ${counts.passed} passed, ${counts.failed} failed` : 'FAILED')
		: (isMocha ? `ok: ${counts.passed} passed` : 'ok');
	summary.push({ name: step.name, status: status + (counts.skipped ? `, ${counts.skipped} skipped` : ''), seconds });
}
rmSync(statsDir, { recursive: true, force: true });

banner('summary');
for (const { name, status, seconds } of summary) console.log(`${name.padEnd(12)} ${status.padEnd(48)} ${String(seconds).padStart(5)} s`);
console.log(`${'total'.padEnd(12)} ${''.padEnd(48)} ${String(Math.round((Date.now() - started) / 1000)).padStart(5)} s`);
if (interrupted) console.log('Interrupted: later steps did not run.');
if (totals.skipped > 0) console.log(`${totals.skipped} skipped (pending tests; not counted as passed)`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 || interrupted ? 1 : 0);
