// Diagnose's check of a web identity token file: does it exist, can it be read, is it empty.
// The token itself is never read into a message.
import { promises as fs } from 'node:fs';

/** Undefined when the file can be read and holds a token; else what is wrong, in words. */
export async function webIdentityTokenFileProblem(file: string): Promise<string | undefined> {
	try {
		const text = await fs.readFile(file, 'utf8');
		return text.trim() ? undefined : 'is empty';
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot be read (${code ?? 'error'})`;
	}
}
