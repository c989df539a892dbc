// The foundation model behind a model id, looking application inference profiles up with
// GetInferenceProfile (once per profile). Caching and reasoning are decided on the base model:
// an application profile of Claude caches like Claude (Roo Code #6429 is the bug this avoids).
import { GetInferenceProfileCommand, type BedrockClient } from '@aws-sdk/client-bedrock';
import type { Logger } from '../ports';
import { baseModelOf, isApplicationProfile } from './modelFamily';

export class BaseModelResolver {
	private readonly profiles = new Map<string, Promise<string | undefined>>();

	constructor(
		private readonly control: (region: string) => BedrockClient,
		private readonly logger: Logger,
	) {}

	/** Undefined when the profile cannot be read (no permission): the request is sent without extras. */
	resolve(modelId: string, region: string, signal: AbortSignal): Promise<string | undefined> {
		if (!isApplicationProfile(modelId)) return Promise.resolve(baseModelOf(modelId));
		let pending = this.profiles.get(modelId);
		if (!pending) {
			pending = this.lookUp(modelId, region, signal);
			this.profiles.set(modelId, pending);
		}
		return pending;
	}

	private async lookUp(profileArn: string, region: string, signal: AbortSignal): Promise<string | undefined> {
		try {
			const profile = await this.control(region).send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: profileArn }), { abortSignal: signal });
			const modelArn = profile.models?.[0]?.modelArn;
			return modelArn ? baseModelOf(modelArn) : undefined;
		} catch (e) {
			// Not cached: a later request may have the permission (or no abort).
			this.profiles.delete(profileArn);
			this.logger.info(`Could not read application inference profile ${profileArn} (${(e as Error).name}); sending without prompt caching or reasoning.`);
			return undefined;
		}
	}
}
