// Lint: typescript-eslint's recommended rules plus the layering rules of docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
	paths: [{ name: 'vscode', message: 'The AWS core and the webview stay free of the VS Code API; use a port from src/aws/ports.ts.' }],
};

/** src/aws modules the activation bundle may import values from: small, pure, no AWS SDK. */
const sharedWithActivation = ['errors', 'validation', 'redaction', 'systemClock', 'bedrock/conversation'];

const nodeGlobals = Object.fromEntries([
	'process', 'console', 'URL', 'URLSearchParams', 'Buffer', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval',
	'setImmediate', 'clearImmediate', 'queueMicrotask', 'structuredClone', 'fetch', 'AbortController', 'AbortSignal',
	'TextEncoder', 'TextDecoder', 'performance', 'globalThis',
].map((name) => [name, 'readonly']).concat([['__dirname', 'readonly'], ['__filename', 'readonly'], ['require', 'readonly'], ['module', 'writable'], ['exports', 'writable']]));

export default tseslint.config(
	{ ignores: ['dist/**', 'dist-vsix/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '.e2e-tmp/**', 'bench/results.json'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'no-console': 'off',
		},
	},
	{ files: ['src/aws/**/*.ts', 'src/shared/**/*.ts'], rules: { 'no-restricted-imports': ['error', noVscode] } },
	{
		// The VS Code layer is bundled into dist/extension.js, the activation path without the AWS SDK: from src/aws it takes
		// types only, plus the few small pure modules meant for both bundles (docs/architecture.md, "Bundles").
		files: ['src/vscode/**/*.ts', 'src/extension.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': ['error', {
				patterns: [{
					regex: `(^|/)aws/(?!(${sharedWithActivation.join('|')})$)`,
					allowTypeImports: true,
					message: 'Only types cross from src/aws into the activation bundle (except the modules listed in eslint.config.mjs); reach the engine through engineLoader.',
				}],
			}],
		},
	},
	{
		files: ['media/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', {
				...noVscode,
				patterns: [{ group: ['**/src/aws/**', '**/src/vscode/**', '@aws-sdk/*'], message: 'The webview imports only src/shared/protocol.ts.' }],
			}],
		},
	},
	{
		// Scripts and test helpers in plain JavaScript run in Node.
		files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
		languageOptions: { globals: nodeGlobals },
	},
	{
		// CommonJS files (package.json has no "type": "module") load modules with require().
		files: ['**/*.js', '**/*.cjs'],
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
);
