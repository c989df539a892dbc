// Mocha's spec reporter, plus a JSON file of the run's counts (passes, failures, pending) at the
// path in MOCHA_STATS_FILE, so scripts/test-all.mjs can add suites up without parsing console text.
const { writeFileSync } = require('node:fs');
const Mocha = require('mocha');

class SpecWithStats extends Mocha.reporters.Spec {
	constructor(runner, options) {
		super(runner, options);
		const file = process.env.MOCHA_STATS_FILE;
		if (!file) return;
		runner.once('end', () => {
			const { passes, failures, pending, tests, duration } = this.stats;
			writeFileSync(file, JSON.stringify({ passes, failures, pending, tests, duration }));
		});
	}
}

module.exports = SpecWithStats;
