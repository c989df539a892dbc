// "AWS: Diagnose Credentials" on a broken setup: a profile whose source_profile does not
// exist and AWS_PROFILE naming a missing profile. The report goes to the "Bedrock Connect"
// output channel with a fix under each problem; a notification sums it up.
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../emulator';
import { eventually, notifications, readOutputChannel, runCommand, screenshot, startWorkbench, type Workbench } from './harness';

describe('Diagnose Credentials on a broken config', function () {
	let emulator: Emulator;
	let wb: Workbench;

	before(async function () {
		emulator = await startEmulator();
		wb = await startWorkbench({
			label: 'diagnose-broken',
			env: { ...emulator.env, AWS_REGION: 'us-east-1', AWS_PROFILE: 'ghost' },
			homeFiles: {
				'.aws/config': [
					'[profile broken]',
					'role_arn = arn:aws:iam::123456789012:role/Ops',
					'source_profile = nowhere',
					'',
					'[profile empty]',
					'region = eu-west-1',
					'',
				].join('\n'),
			},
		});
	});

	after(async function () {
		await wb?.stop();
		await emulator?.stop();
	});

	it('prints a report with a fix for each problem and sums it up in a notification', async function () {
		await runCommand(wb.page, 'AWS: Diagnose Credentials');
		const toast = await notifications.waitFor(wb.page, /AWS credentials: \d+ problems?/);
		assert.ok((await notifications.buttons(wb.page, /AWS credentials:/)).includes('Show Report'));
		const report = await eventually(() => {
			const text = readOutputChannel(wb.server, 'Bedrock Connect');
			return text.includes('==== end of report ====') ? text : undefined;
		}, 'the report in the output channel');
		const failures = report.split('\n').filter((line) => line.startsWith('[FAIL]'));
		assert.ok(failures.length >= 1, report);
		assert.ok(report.split('\n').some((line) => /^\s+Fix: /.test(line)), report);
		assert.match(report, /ghost/);
		assert.match(report, /broken|nowhere/);
		assert.match(report, /Sign-in state: signedOut/);
		assert.ok(await toast.isVisible());
		await screenshot(wb.page, 'diagnose-broken-report');
	});
});
