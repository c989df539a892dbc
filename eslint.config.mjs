// Lint: typescript-eslint's recommended rules plus the layering rules of docs/architecture.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noVscode = {
	paths: [{ name: 'vscode', message: 'The AWS core and the webview stay free of the VS Code API; use a port from src/aws/ports.ts.' }],
};

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
		files: ['media/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', {
				...noVscode,
				patterns: [{ group: ['**/src/aws/**', '**/src/vscode/**', '@aws-sdk/*'], message: 'The webview imports only src/shared/protocol.ts.' }],
			}],
		},
	},
	{
		files: ['**/*.mjs', '**/*.js'],
		languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', fetch: 'readonly' } },
	},
);
