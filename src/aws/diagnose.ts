// placeholder replaced below
import type { DiagnosisReport } from './api';
import type { Clock } from './ports';
export async function diagnose(_init: { env: NodeJS.ProcessEnv; clock: Clock; secrets: { hasAccessKeys(): Promise<boolean> } }): Promise<DiagnosisReport> {
	return { findings: [] };
}
