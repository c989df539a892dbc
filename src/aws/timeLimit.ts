// Bounds how long a promise may take: past the limit it rejects with the caller's error
// (the work itself is not stopped; its late result is ignored). The timer never keeps Node alive.
export function withTimeLimit<T>(promise: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const limit = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(timedOut()), ms);
		timer.unref?.();
	});
	return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
