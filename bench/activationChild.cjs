// One activation sample, in a fresh Node process: require dist/extension.js with the `vscode`
// stand-in, call activate(), and report the time, which AWS SDK modules were loaded and whether
// the lazily loaded chat bundle (dist/chat.js) was.
'use strict';
const Module = require('node:module');
const path = require('node:path');

const distDir = path.resolve(process.argv[2]);

// The extension host has these Node built-ins loaded long before any extension activates (its
// proxy support patches http/https/net/tls; crypto, fs, os… serve VS Code itself), so a require
// of them inside activation costs nothing there. Loading them first keeps this sample honest.
const HOST_PRELOADED_BUILTINS = ['fs', 'path', 'os', 'crypto', 'events', 'stream', 'util', 'url', 'net', 'tls', 'http', 'https', 'child_process', 'zlib'];
for (const name of HOST_PRELOADED_BUILTINS) require(`node:${name}`);
const { vscode, createContext } = require('../test/support/vscodeStub.cjs');

const originalLoad = Module._load;
Module._load = function (request, parent, isMain) {
	if (request === 'vscode') return vscode;
	return originalLoad.call(this, request, parent, isMain);
};

function sdkModulesLoaded() {
	return Object.keys(require.cache).filter((f) => /[\\/](@aws-sdk|@smithy)[\\/]/.test(f) || path.basename(f) === 'engine.js');
}

(async () => {
	const cpuBefore = process.cpuUsage();
	const started = process.hrtime.bigint();
	const extension = require(path.join(distDir, 'extension.js'));
	const required = process.hrtime.bigint();
	const context = createContext(path.dirname(distDir));
	let activateError;
	try {
		await extension.activate(context);
	} catch (e) {
		activateError = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
	}
	const activated = process.hrtime.bigint();
	const cpu = process.cpuUsage(cpuBefore);
	const duringActivation = sdkModulesLoaded();
	// Work activate() started but did not await (e.g. restoring a session) shows up here.
	await new Promise((r) => setTimeout(r, 100));
	const afterIdle = sdkModulesLoaded();
	const chatBundleLoaded = Object.keys(require.cache).some((f) => path.basename(f) === 'chat.js');
	const ms = (a, b) => Number(b - a) / 1e6;
	process.stdout.write(
		JSON.stringify({
			requireMs: ms(started, required),
			activateMs: ms(required, activated),
			totalMs: ms(started, activated),
			// CPU time is what a loaded machine distorts least (wall time includes waiting for a core).
			cpuMs: (cpu.user + cpu.system) / 1000,
			sdkModulesDuringActivation: duringActivation.length,
			sdkModulesAfterIdle: afterIdle.length,
			chatBundleLoaded,
			subscriptions: context.subscriptions.length,
			preloadedBuiltins: HOST_PRELOADED_BUILTINS.length,
			activateError,
		}),
	);
	process.exit(0);
})();
