// The `name` of anything thrown — SDK exceptions are told apart by it — or '' when it has none.
export function errorName(error: unknown): string {
	return error instanceof Error ? error.name : typeof error === 'object' && error && 'name' in error ? String(error.name) : '';
}
