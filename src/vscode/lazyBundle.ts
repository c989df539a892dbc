// One shape for the bundles the VS Code layer loads on first use (engine, chat, Chat view): the
// load runs once, every caller shares it, and a failed load is forgotten so the next use tries again.
// Each loader keeps its own literal `require('./x.js')`, which esbuild leaves alone (see esbuild.mjs).

export function lazyBundle<Module>(load: () => Module): () => Promise<Module> {
	let loading: Promise<Module> | undefined;
	return () => {
		loading ??= Promise.resolve()
			.then(load)
			.catch((e: unknown) => {
				loading = undefined; // let the next use try again
				throw e;
			});
		return loading;
	};
}
