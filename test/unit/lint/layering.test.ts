// The layering rules of docs/architecture.md hold because ESLint enforces them: these cases run the
// project's own eslint.config.mjs on snippets placed (virtually) in each layer.
import assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '..', '..', '..');

async function restrictedImports(code: string, file: string): Promise<string[]> {
	const eslint = new ESLint({ cwd: root });
	const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
	return result.messages.filter((m) => /no-restricted-imports/.test(m.ruleId ?? '')).map((m) => m.message);
}

describe('layering lint rules', function () {
	this.timeout(60_000);

	it('refuses vscode in the AWS core and the shared protocol', async function () {
		for (const file of ['src/aws/zz.ts', 'src/shared/zz.ts']) {
			const messages = await restrictedImports("import * as vscode from 'vscode';\nexport const v = vscode;\n", file);
			assert.equal(messages.length, 1, `${file}: ${messages.join(' | ')}`);
		}
	});

	it('refuses value imports from src/aws into the activation bundle, except the modules shared with it', async function () {
		const refused = await restrictedImports("import { createEngine } from '../aws/credentialEngine';\nexport const e = createEngine;\n", 'src/vscode/zz.ts');
		assert.equal(refused.length, 1, refused.join(' | '));
		const nested = await restrictedImports("import { ModelCatalogue } from '../../aws/bedrock/modelCatalogue';\nexport const m = ModelCatalogue;\n", 'src/vscode/chat/zz.ts');
		assert.equal(nested.length, 1, nested.join(' | '));
	});

	it('allows type-only imports from src/aws and the shared pure modules', async function () {
		const allowed = [
			"import type { Engine } from '../aws/engineTypes';\nexport type E = Engine;\n",
			"import { BedrockConnectError } from '../aws/errors';\nexport const b = BedrockConnectError;\n",
			"import { isValidRegion } from '../aws/validation';\nexport const v = isValidRegion;\n",
		];
		for (const code of allowed) assert.deepEqual(await restrictedImports(code, 'src/vscode/zz.ts'), [], code);
		assert.deepEqual(await restrictedImports("import { normaliseTurns } from '../../aws/bedrock/conversation';\nexport const n = normaliseTurns;\n", 'src/vscode/chat/zz.ts'), []);
	});
});
