// How a bench child reports: progress lines on stderr (stdout carries only the JSON result), and
// a section that fails becomes `{ unavailable }` in the result instead of ending the whole child.

export type Section = Record<string, unknown>;

export function log(message: string): void {
	process.stderr.write(`  · ${message}\n`);
}

export async function section(name: string, run: () => Promise<Section>): Promise<Section> {
	log(name);
	try {
		return await run();
	} catch (e) {
		return { unavailable: `${name} failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` };
	}
}
