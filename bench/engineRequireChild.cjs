// Reference sample, in a fresh Node process: the cost of requiring dist/engine.js, which is
// what activation would pay if the AWS SDK were loaded eagerly.
'use strict';
const path = require('node:path');
const started = process.hrtime.bigint();
require(path.join(path.resolve(process.argv[2]), 'engine.js'));
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(JSON.stringify({ requireMs: ms, modules: Object.keys(require.cache).length }));
process.exit(0);
