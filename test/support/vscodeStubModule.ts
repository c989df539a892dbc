// Lets plain-Node unit tests load modules that `import * as vscode from 'vscode'`: every
// require('vscode') gets the stand-in from vscodeStub.cjs. Import this before the module under test.
import Module from 'node:module';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const stub = require('./vscodeStub.cjs') as { vscode: typeof import('vscode') };

export const vscodeStub = stub.vscode;

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load & { vscodeStubbed?: true } };
if (!loader._load.vscodeStubbed) {
	const originalLoad = loader._load;
	const load: Load & { vscodeStubbed?: true } = function (this: unknown, request, parent, isMain) {
		return request === 'vscode' ? stub.vscode : originalLoad.call(this, request, parent, isMain);
	};
	load.vscodeStubbed = true;
	loader._load = load;
}
