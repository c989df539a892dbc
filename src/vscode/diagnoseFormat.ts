// Turns the engine's diagnosis into the plain-text report printed to the output channel and
// the one-line summary of the notification. Pure: no vscode import.
import type { DiagnosisFinding, DiagnosisReport, DiagnosisSeverity } from '../aws/engineTypes';

const MARK: Record<DiagnosisSeverity, string> = { ok: 'OK  ', info: 'INFO', warning: 'WARN', error: 'FAIL' };

export interface DiagnosisSummary {
	errors: number;
	warnings: number;
	text: string;
}

export function summarizeDiagnosis(report: DiagnosisReport): DiagnosisSummary {
	const errors = report.findings.filter((f) => f.severity === 'error').length;
	const warnings = report.findings.filter((f) => f.severity === 'warning').length;
	let text: string;
	if (errors === 0 && warnings === 0) {
		text = 'AWS credentials look fine: no problems found.';
	} else {
		const counted = [plural(errors, 'problem'), plural(warnings, 'warning')].filter(Boolean).join(' and ');
		text = `AWS credentials: ${counted} found. The report in the output channel says how to fix each.`;
	}
	return { errors, warnings, text };
}

function plural(count: number, noun: string): string {
	return count === 0 ? '' : `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The report, worst findings first, each problem followed by its fix. */
export function formatDiagnosis(report: DiagnosisReport, header: string[], when: Date): string {
	const order: DiagnosisSeverity[] = ['error', 'warning', 'info', 'ok'];
	const findings = [...report.findings].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity));
	const lines = [`==== Diagnose AWS credentials — ${when.toISOString()} ====`, ...header, ''];
	if (findings.length === 0) {
		lines.push('Nothing to report: no credential sources were found.');
	}
	for (const finding of findings) {
		lines.push(formatFinding(finding));
	}
	const { text } = summarizeDiagnosis(report);
	lines.push('', text, '==== end of report ====');
	return lines.join('\n');
}

function formatFinding(finding: DiagnosisFinding): string {
	const line = `[${MARK[finding.severity]}] ${finding.source}: ${finding.summary}`;
	if (finding.fix && (finding.severity === 'error' || finding.severity === 'warning' || finding.severity === 'info')) {
		return `${line}\n       Fix: ${finding.fix}`;
	}
	return line;
}
