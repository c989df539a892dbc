// One BedrockService per sign-in, and its model catalogue cached per region. The engine (and
// with it the AWS SDK) is loaded only when the chat first needs it. No `vscode` import.
import type { Connection } from '../../aws/engineTypes';
import type { BedrockService, ModelCatalogue } from '../../aws/bedrock/bedrockTypes';
import type { ChatDependencies } from './chatDependencies';

interface Entry {
	connection: Connection;
	service: Promise<BedrockService>;
	catalogues: Map<string, Promise<ModelCatalogue>>;
}

export class ChatServices {
	private entry: Entry | undefined;

	constructor(private readonly deps: Pick<ChatDependencies, 'loadEngine' | 'logger'>) {}

	/** The service for this connection; a new connection (sign-in, switch, sign-out) gets a new one. */
	serviceFor(connection: Connection): Promise<BedrockService> {
		return this.entryFor(connection).service;
	}

	/** Models for the connection's region, cached until the connection changes or `force` is set. */
	catalogue(connection: Connection, force = false): Promise<ModelCatalogue> {
		const entry = this.entryFor(connection);
		let pending = force ? undefined : entry.catalogues.get(connection.region);
		if (!pending) {
			pending = entry.service.then((service) => service.listModels());
			entry.catalogues.set(connection.region, pending);
			// A failed listing is not cached: the next open of the picker tries again.
			pending.catch(() => {
				if (entry.catalogues.get(connection.region) === pending) {
					entry.catalogues.delete(connection.region);
				}
			});
		}
		return pending;
	}

	/** True when `connection` is not the one the cached service was made for. */
	isStale(connection: Connection | undefined): boolean {
		return this.entry?.connection !== connection;
	}

	dispose(): void {
		const old = this.entry;
		this.entry = undefined;
		old?.service.then((service) => service.dispose(), () => undefined);
	}

	private entryFor(connection: Connection): Entry {
		if (this.entry?.connection !== connection) {
			this.dispose();
			const service = this.deps.loadEngine().then((engine) => engine.createBedrockService({ session: connection, logger: this.deps.logger }));
			this.entry = { connection, service, catalogues: new Map() };
		}
		return this.entry;
	}
}
