// One instance per region, made on first use and destroyed together: the SDK clients (and the
// OIDC port) are bound to a region and hold sockets, so they are shared and closed in one place.
export class PerRegion<T extends { destroy(): void }> {
	private readonly _byRegion = new Map<string, T>();

	constructor(private readonly _create: (region: string) => T) {}

	get(region: string): T {
		let value = this._byRegion.get(region);
		if (!value) {
			value = this._create(region);
			this._byRegion.set(region, value);
		}
		return value;
	}

	dispose(): void {
		for (const value of this._byRegion.values()) {
			value.destroy();
		}
		this._byRegion.clear();
	}
}
