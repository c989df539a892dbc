// Lets the chat host's modules load in plain Node: `require('vscode')` gets the stand-in of
// bench/vscodeStub.cjs. Import this before any module that imports `vscode`.
import Module from 'node:module';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { vscode } = require('../../bench/vscodeStub.cjs') as { vscode: unknown };

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };
const originalLoad = loader._load;
loader._load = function (this: unknown, request, parent, isMain) {
	return request === 'vscode' ? vscode : originalLoad.call(this, request, parent, isMain);
};
