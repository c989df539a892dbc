// In-memory SecretStore for tests, with a switch to make storage fail (Toolkit #5549 cases).
import type { SecretStore } from '../../src/aws/ports';

export class MemorySecretStore implements SecretStore {
	readonly values = new Map<string, string>();
	failWrites = false;

	async get(key: string): Promise<string | undefined> {
		return this.values.get(key);
	}

	async store(key: string, value: string): Promise<void> {
		if (this.failWrites) {
			throw new Error('secret storage unavailable');
		}
		this.values.set(key, value);
	}

	async delete(key: string): Promise<void> {
		this.values.delete(key);
	}
}
