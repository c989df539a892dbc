import * as assert from 'node:assert/strict';
import { formatDiagnosis, summarizeDiagnosis } from '../../../src/vscode/diagnoseFormat';
import type { DiagnosisReport } from '../../../src/aws/engineTypes';

const report: DiagnosisReport = {
	findings: [
		{ source: 'Environment variables', severity: 'ok', summary: 'none set' },
		{ source: "Profile 'broken'", severity: 'error', summary: "source_profile 'nope' does not exist", fix: "Add a [profile nope] section or fix source_profile." },
		{ source: 'Region', severity: 'warning', summary: 'no region configured', fix: 'Run "AWS: Select Region…".' },
	],
};

describe('diagnosis report', () => {
	it('lists problems first, each followed by its fix', () => {
		const text = formatDiagnosis(report, ['Signed in: no'], new Date('2026-11-23T16:00:00Z'));
		const lines = text.split('\n');
		const fail = lines.findIndex((l) => l.startsWith("[FAIL] Profile 'broken'"));
		assert.ok(fail > 0, text);
		assert.equal(lines[fail + 1].trim(), "Fix: Add a [profile nope] section or fix source_profile.");
		assert.ok(fail < lines.findIndex((l) => l.startsWith('[WARN] Region')));
		assert.ok(lines.findIndex((l) => l.startsWith('[OK  ] Environment')) > fail);
		assert.ok(text.includes('Signed in: no'));
	});

	it('counts problems and warnings for the notification', () => {
		assert.deepEqual(
			{ ...summarizeDiagnosis(report), text: undefined },
			{ errors: 1, warnings: 1, text: undefined },
		);
		assert.match(summarizeDiagnosis(report).text, /1 problem and 1 warning/);
		assert.match(summarizeDiagnosis({ findings: [] }).text, /no problems/);
	});
});
