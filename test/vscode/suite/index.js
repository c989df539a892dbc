// Entry point @vscode/test-electron loads inside the extension host: runs every suite/*.test.js with mocha.
const { readdirSync } = require('node:fs');
const { join } = require('node:path');
// mocha's package entry is ESM; its CommonJS build loads in any Electron's Node.
const Mocha = require('mocha/lib/mocha.cjs');

exports.run = function run() {
	const mocha = new Mocha({ ui: 'bdd', timeout: 30000, color: true });
	for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js'))) mocha.addFile(join(__dirname, file));
	return new Promise((resolve, reject) => {
		mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
	});
};
