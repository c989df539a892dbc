// The panel's model picker state: posts the list of the region's models to the page, loading
// the catalogue when signed in, and opens the quick pick. Later loads win over earlier ones.
import { isBedrockConnectError } from '../../aws/errors';
import type { Logger } from '../../aws/ports';
import type { HostToWebview, ModelState } from '../../shared/protocol';
import type { SignInAccess } from '../signInAccess';
import type { ChatServices } from './chatServices';
import { invalidModelIdView } from './chatErrors';
import { toModelState, validateModelId } from './modelChoices';
import { configuredModelId, pickModel, rememberModelId } from './modelPicker';

export interface ModelListDependencies {
	signIn: SignInAccess;
	services: Pick<ChatServices, 'catalogue' | 'isStale'>;
	logger: Logger;
	post(message: HostToWebview): void;
}

export class ModelList {
	private loads = 0;

	constructor(private readonly deps: ModelListDependencies) {}

	/** What the page shows before the first load: the configured model, loading. */
	initialState(): ModelState {
		return toModelState(configuredModelId(), { loading: true });
	}

	/**
	 * The page's choice, untrusted like all it sends: it must pass the rule the quick pick's
	 * "paste an id" box applies, or it is refused and the page shows the current model again.
	 */
	async select(modelId: string): Promise<void> {
		const problem = validateModelId(modelId);
		if (problem) {
			this.deps.logger.warn(`refused a model id from the webview (${modelId.length} characters)`);
			this.deps.post({ type: 'error', error: invalidModelIdView(problem) });
			await this.refresh(false);
			return;
		}
		await rememberModelId(modelId.trim());
	}

	async pick(): Promise<string | undefined> {
		const connection = await this.deps.signIn.getConnection();
		return pickModel(connection ? this.deps.services.catalogue(connection) : undefined);
	}

	/** A new sign-in (or sign-out) has other models: reload unless the cache is still for this one. */
	async onConnectionChanged(): Promise<void> {
		const connection = await this.deps.signIn.getConnection();
		if (this.deps.services.isStale(connection)) {
			await this.refresh(false);
		}
	}

	/** Posts the model picker's state; loads the catalogue when signed in (`force`: not from the cache). */
	async refresh(force: boolean): Promise<void> {
		const load = ++this.loads;
		const { post, services, logger } = this.deps;
		const selected = configuredModelId();
		const connection = await this.deps.signIn.getConnection().catch(() => undefined);
		if (!connection) {
			post({ type: 'models', model: toModelState(selected, { error: 'Sign in to AWS to list the models of your region.' }) });
			return;
		}
		post({ type: 'models', model: toModelState(selected, { loading: true }) });
		try {
			const catalogue = await services.catalogue(connection, force);
			if (load === this.loads) {
				post({ type: 'models', model: toModelState(configuredModelId(), { catalogue }) });
			}
		} catch (e) {
			const error = isBedrockConnectError(e) ? `${e.message}${e.action ? ` ${e.action}` : ''}` : 'The model list could not be loaded.';
			logger.warn(`listing models failed: ${isBedrockConnectError(e) ? e.code : 'unexpected error'}`);
			if (load === this.loads) {
				post({ type: 'models', model: toModelState(configuredModelId(), { error }) });
			}
		}
	}
}
