// One BedrockService per sign-in, and its model catalogue cached per region. The engine (and
// with it the AWS SDK) is loaded only when the chat first needs it. No `vscode` import.
import type { Connection } from '../../aws/engineTypes';
import type { BedrockService, ModelCatalogue } from '../../aws/bedrock/bedrockTypes';
import type { ChatDeps } from '../signInAccess';

interface Entry {
	session: Connection;
	service: Promise<BedrockService>;
	catalogues: Map<string, Promise<ModelCatalogue>>;
}

export class ChatServices {
	private entry: Entry | undefined;

	constructor(private readonly deps: Pick<ChatDeps, 'loadEngine' | 'logger'>) {}

	/** The service for this session; a new session (sign-in, switch, sign-out) gets a new one. */
	serviceFor(session: Connection): Promise<BedrockService> {
		return this.entryFor(session).service;
	}

	/** Models for the session's region, cached until the session changes or `force` is set. */
	catalogue(session: Connection, force = false): Promise<ModelCatalogue> {
		const entry = this.entryFor(session);
		let pending = force ? undefined : entry.catalogues.get(session.region);
		if (!pending) {
			pending = entry.service.then((service) => service.listModels());
			entry.catalogues.set(session.region, pending);
			// A failed listing is not cached: the next open of the picker tries again.
			pending.catch(() => {
				if (entry.catalogues.get(session.region) === pending) {
					entry.catalogues.delete(session.region);
				}
			});
		}
		return pending;
	}

	/** True when `session` is not the one the cached service was made for. */
	isStale(session: Connection | undefined): boolean {
		return this.entry?.session !== session;
	}

	dispose(): void {
		const old = this.entry;
		this.entry = undefined;
		old?.service.then((service) => service.dispose(), () => undefined);
	}

	private entryFor(session: Connection): Entry {
		if (this.entry?.session !== session) {
			this.dispose();
			const service = this.deps.loadEngine().then((engine) => engine.createBedrockService({ session, logger: this.deps.logger }));
			this.entry = { session, service, catalogues: new Map() };
		}
		return this.entry;
	}
}
