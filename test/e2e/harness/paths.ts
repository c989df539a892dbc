// Where the end-to-end suite finds the packaged extension and puts its scratch files and screenshots.
import { resolve } from 'node:path';

export const projectRoot = resolve(__dirname, '..', '..', '..');
export const defaultVsixPath = resolve(projectRoot, 'dist-vsix', 'bedrock-connect.vsix');
/** Per-run scratch space: user-data, extensions, workspace and HOME folders of each code-server. */
export const e2eTmpRoot = resolve(projectRoot, '.e2e-tmp');
/** Screenshots of failed tests and any taken on purpose. */
export const resultsDir = resolve(projectRoot, 'test-results');
export const installScript = resolve(projectRoot, 'scripts', 'install-code-server.mjs');
