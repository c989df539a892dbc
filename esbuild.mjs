// Builds the five bundles the extension ships:
//   dist/extension.js  activation path (VS Code layer); never contains the AWS SDK nor the chat host
//   dist/engine.js     the AWS core with the SDK, loaded lazily on first use
//   dist/chat.js       the chat host (panel, turns, history, protocol), loaded when the chat is first opened or restored
//   dist/nativeChat.js the Chat view's language-model provider and @bedrock participant, loaded on first use
//   dist/webview.js    the chat page script (browser IIFE)
// Flags: --production minifies and drops sourcemaps; --watch rebuilds on change.
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync, statSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
	bundle: true,
	minify: production,
	sourcemap: production ? false : 'linked',
	metafile: true,
	logLevel: 'warning',
	legalComments: 'none',
};

/** A Node bundle the extension host loads (CommonJS in dist/; `external` stays a run-time require). */
const nodeBundle = (name, entry, external, extra = {}) => ({
	...common,
	entryPoints: { [name]: entry },
	outdir: 'dist',
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	external,
	...extra,
});

const builds = [
	// The engine, chat and Chat-view bundles are required at run time from dist/, never inlined here.
	nodeBundle('extension', 'src/extension.ts', ['vscode', './engine.js', './chat.js', './nativeChat.js']),
	// Bedrock in VS Code's Chat view (provider + @bedrock), loaded by src/vscode/nativeChatLoader.ts.
	nodeBundle('nativeChat', 'src/vscode/nativeChat/nativeChatBundle.ts', ['vscode', './engine.js']),
	nodeBundle('chat', 'src/vscode/chat/chatBundle.ts', ['vscode', './engine.js']),
	nodeBundle('engine', 'src/aws/engineBundle.ts', ['vscode'], { mainFields: ['module', 'main'] }),
	{
		...common,
		entryPoints: { webview: 'media/chat/main.ts' },
		outdir: 'dist',
		platform: 'browser',
		format: 'iife',
		target: 'es2022',
	},
];

function report(results) {
	mkdirSync('dist', { recursive: true });
	const meta = { inputs: {}, outputs: {} };
	for (const r of results) {
		Object.assign(meta.inputs, r.metafile.inputs);
		Object.assign(meta.outputs, r.metafile.outputs);
	}
	writeFileSync('dist/meta.json', JSON.stringify(meta));
	for (const file of Object.keys(meta.outputs).filter((f) => f.endsWith('.js'))) {
		const kb = (statSync(file).size / 1024).toFixed(1);
		console.log(`${file.padEnd(22)} ${kb.padStart(8)} KB${production ? ' (minified)' : ''}`);
	}
}

if (watch) {
	const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
	await Promise.all(contexts.map((c) => c.watch()));
	console.log('watching…');
} else {
	report(await Promise.all(builds.map((b) => esbuild.build(b))));
}
