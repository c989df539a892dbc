import * as assert from 'node:assert/strict';
import { CrossWindowSync, parseRecord, SIGN_IN_RECORD_KEY, type SignInRecord } from '../../../../src/vscode/signIn/crossWindowSync';
import { flushMicrotasks } from '../../../support/fakeClock';
import { FakeWindowSecrets } from '../../../support/signInFakes';

const display = { method: 'environment', methodLabel: 'Environment variables', name: 'alice', accountId: '1', region: 'us-east-1', canRefresh: false } as const;
const valid = JSON.stringify({ version: 1, spec: { method: 'environment' }, display });

describe('cross-window sign-in record', () => {
	const cases: Array<{ label: string; raw: string | undefined; valid: boolean }> = [
		{ label: 'nothing stored', raw: undefined, valid: false },
		{ label: 'empty', raw: '', valid: false },
		{ label: 'not JSON', raw: '{oops', valid: false },
		{ label: 'another version', raw: JSON.stringify({ version: 2, spec: {}, display }), valid: false },
		{ label: 'no spec', raw: JSON.stringify({ version: 1, display }), valid: false },
		{ label: 'no display', raw: JSON.stringify({ version: 1, spec: { method: 'environment' } }), valid: false },
		{ label: 'a record', raw: valid, valid: true },
	];
	for (const c of cases) {
		it(`parses: ${c.label}`, () => {
			assert.equal(parseRecord(c.raw) !== undefined, c.valid);
		});
	}

	it("reports other windows' writes and deletes, never its own", async () => {
		const secrets = new FakeWindowSecrets();
		const seen: Array<SignInRecord | undefined> = [];
		const sync = new CrossWindowSync(secrets, (record) => seen.push(record));
		await sync.write({ method: 'environment' }, display);
		await sync.remove();
		await flushMicrotasks();
		assert.deepEqual(seen, []);
		await secrets.store(SIGN_IN_RECORD_KEY, valid); // another window signs in
		await flushMicrotasks();
		await secrets.delete(SIGN_IN_RECORD_KEY); // and out
		await flushMicrotasks();
		assert.deepEqual(seen, [JSON.parse(valid), undefined]);
		sync.dispose();
	});
});
