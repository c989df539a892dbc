// The Bedrock model catalog: foundation models, the system inference profiles for the ones
// that need them, application profiles tests create, and how an invoked id resolves.
import { randomBytes } from 'node:crypto';
import { DEFAULT_ACCOUNT_ID } from './directory';
import type { ApplicationProfile, ApplicationProfileOptions } from './types';

export const CATALOG_REGION = 'us-east-1';

export interface FoundationModel {
	modelId: string;
	modelName: string;
	providerName: string;
	inputModalities: string[];
	outputModalities: string[];
	inferenceTypesSupported: string[];
	responseStreamingSupported: boolean;
	/** Models the account has not been granted access to answer AccessDeniedException. */
	accessGranted: boolean;
}

export interface InferenceProfile {
	inferenceProfileId: string;
	inferenceProfileName: string;
	inferenceProfileArn: string;
	description: string;
	modelId: string;
	type: 'SYSTEM_DEFINED' | 'APPLICATION';
	createdAt: string;
}

export const FOUNDATION_MODELS: readonly FoundationModel[] = [
	{
		modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
		modelName: 'Claude 3 Haiku',
		providerName: 'Anthropic',
		inputModalities: ['TEXT', 'IMAGE'],
		outputModalities: ['TEXT'],
		inferenceTypesSupported: ['ON_DEMAND'],
		responseStreamingSupported: true,
		accessGranted: true,
	},
	{
		modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
		modelName: 'Claude 3.5 Haiku',
		providerName: 'Anthropic',
		inputModalities: ['TEXT'],
		outputModalities: ['TEXT'],
		inferenceTypesSupported: ['INFERENCE_PROFILE'],
		responseStreamingSupported: true,
		accessGranted: true,
	},
	{
		modelId: 'anthropic.claude-sonnet-4-20250514-v1:0',
		modelName: 'Claude Sonnet 4',
		providerName: 'Anthropic',
		inputModalities: ['TEXT', 'IMAGE'],
		outputModalities: ['TEXT'],
		inferenceTypesSupported: ['INFERENCE_PROFILE'],
		responseStreamingSupported: true,
		accessGranted: true,
	},
	{
		modelId: 'amazon.nova-lite-v1:0',
		modelName: 'Nova Lite',
		providerName: 'Amazon',
		inputModalities: ['TEXT', 'IMAGE', 'VIDEO'],
		outputModalities: ['TEXT'],
		inferenceTypesSupported: ['ON_DEMAND', 'INFERENCE_PROFILE'],
		responseStreamingSupported: true,
		accessGranted: true,
	},
	{
		modelId: 'amazon.titan-embed-text-v2:0',
		modelName: 'Titan Text Embeddings V2',
		providerName: 'Amazon',
		inputModalities: ['TEXT'],
		outputModalities: ['EMBEDDING'],
		inferenceTypesSupported: ['ON_DEMAND'],
		responseStreamingSupported: false,
		accessGranted: true,
	},
	{
		modelId: 'meta.llama3-70b-instruct-v1:0',
		modelName: 'Llama 3 70B Instruct',
		providerName: 'Meta',
		inputModalities: ['TEXT'],
		outputModalities: ['TEXT'],
		inferenceTypesSupported: ['ON_DEMAND'],
		responseStreamingSupported: true,
		accessGranted: false,
	},
];

export function foundationModelArn(modelId: string, region = CATALOG_REGION): string {
	return `arn:aws:bedrock:${region}::foundation-model/${modelId}`;
}

/** What an invoked model id turned out to be. */
export type Resolution =
	| { kind: 'model'; model: FoundationModel; direct: boolean }
	| { kind: 'unknown' };

const SYSTEM_PROFILE_CREATED = '2024-08-20T00:00:00Z';

export class ModelCatalog {
	readonly profiles: InferenceProfile[];

	constructor() {
		this.profiles = FOUNDATION_MODELS.filter((model) => model.inferenceTypesSupported.includes('INFERENCE_PROFILE')).map((model) => ({
			inferenceProfileId: `us.${model.modelId}`,
			inferenceProfileName: `US ${model.providerName} ${model.modelName}`,
			inferenceProfileArn: `arn:aws:bedrock:${CATALOG_REGION}:${DEFAULT_ACCOUNT_ID}:inference-profile/us.${model.modelId}`,
			description: `Routes requests to ${model.modelName} in us-east-1, us-east-2 and us-west-2.`,
			modelId: model.modelId,
			type: 'SYSTEM_DEFINED',
			createdAt: SYSTEM_PROFILE_CREATED,
		}));
	}

	model(modelId: string): FoundationModel | undefined {
		return FOUNDATION_MODELS.find((model) => model.modelId === modelId);
	}

	profile(idOrArn: string): InferenceProfile | undefined {
		return this.profiles.find((profile) => profile.inferenceProfileId === idOrArn || profile.inferenceProfileArn === idOrArn);
	}

	createApplicationProfile(options: ApplicationProfileOptions): ApplicationProfile {
		const base = this.profile(options.modelId);
		const model = this.model(base ? base.modelId : options.modelId);
		if (!model) {
			throw new Error(`Unknown model or inference profile: ${options.modelId}`);
		}
		const id = randomBytes(6).toString('hex');
		const profile: InferenceProfile = {
			inferenceProfileId: id,
			inferenceProfileName: options.name,
			inferenceProfileArn: `arn:aws:bedrock:${CATALOG_REGION}:${DEFAULT_ACCOUNT_ID}:application-inference-profile/${id}`,
			description: `Application profile for ${model.modelName}`,
			modelId: model.modelId,
			type: 'APPLICATION',
			createdAt: new Date().toISOString(),
		};
		this.profiles.push(profile);
		return { inferenceProfileId: profile.inferenceProfileId, inferenceProfileArn: profile.inferenceProfileArn };
	}

	/** Accepts a model id, a foundation-model ARN, a profile id or a profile ARN (already URI-decoded). */
	resolve(invokedId: string): Resolution {
		const profile = this.profile(invokedId);
		if (profile) {
			const model = this.model(profile.modelId);
			return model ? { kind: 'model', model, direct: false } : { kind: 'unknown' };
		}
		const arnMatch = /^arn:aws:bedrock:[a-z0-9-]+::foundation-model\/(.+)$/.exec(invokedId);
		const model = this.model(arnMatch ? arnMatch[1] : invokedId);
		return model ? { kind: 'model', model, direct: true } : { kind: 'unknown' };
	}
}
