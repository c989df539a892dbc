// Points process.env at a test's AWS world for one suite: every AWS_* variable of the real
// environment is removed (the developer's own sign-in must never leak in), the test's are set,
// and the returned function puts the environment back exactly as it was.
export function replaceAwsEnvironment(vars: Record<string, string>): () => void {
	const saved = { ...process.env };
	for (const name of Object.keys(process.env)) {
		if (name.startsWith('AWS_')) {
			delete process.env[name];
		}
	}
	Object.assign(process.env, vars);
	return () => {
		for (const name of Object.keys(process.env)) {
			if (!(name in saved)) {
				delete process.env[name];
			}
		}
		Object.assign(process.env, saved);
	};
}
