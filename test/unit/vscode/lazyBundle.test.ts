import assert from 'node:assert/strict';
import { lazyBundle } from '../../../src/vscode/lazyBundle';

describe('lazyBundle (the engine, chat and Chat-view loaders)', function () {
	it('does not load until first used, then loads once for every concurrent caller', async function () {
		let loads = 0;
		const load = lazyBundle(() => {
			loads += 1;
			return { name: 'bundle' };
		});
		assert.equal(loads, 0);
		const modules = await Promise.all([load(), load(), load()]);
		assert.equal(loads, 1);
		assert.ok(modules.every((m) => m === modules[0]));
		await load();
		assert.equal(loads, 1, 'a loaded bundle is kept');
	});

	it('forgets a failed load so that the next use tries again', async function () {
		let attempts = 0;
		const load = lazyBundle(() => {
			attempts += 1;
			if (attempts === 1) throw new Error('Cannot find module ./engine.js');
			return 'loaded';
		});
		await assert.rejects(load(), /Cannot find module/);
		assert.equal(await load(), 'loaded');
		assert.equal(attempts, 2);
	});
});
