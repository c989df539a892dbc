// Entry point of dist/engine.js, the lazily loaded bundle that holds the AWS SDK.
// The VS Code layer reaches it only through src/vscode/engineLoader.ts.
export { createEngine } from './credentialEngine';
export { createBedrockService } from './bedrock/bedrockService';
export { startTerminalEndpoint } from './terminal/terminalEndpoint';
