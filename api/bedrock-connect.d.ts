// The API Bedrock Connect exports to other extensions:
//   const api = vscode.extensions.getExtension<BedrockConnectApi>('bedrock-connect.bedrock-connect')?.exports;
// Copy this file into your extension (it depends on nothing). Each calling extension is
// asked for once: the user allows or denies it, and can revoke that with
// "AWS: Manage Extension Access to Credentials…".

/** Credentials in the shape every AWS SDK for JavaScript v3 client accepts. */
export interface BedrockConnectCredentials {
	readonly accessKeyId: string;
	readonly secretAccessKey: string;
	readonly sessionToken?: string;
	/** When these stop working; the provider hands out new ones before then. */
	readonly expiration: Date;
	readonly accountId?: string;
}

/**
 * An SDK credential provider (`new S3Client({ credentials: api.getCredentials() })`): each call
 * returns the editor's current credentials, renewed as they near expiry. Rejects with an Error
 * whose `code` is 'SignInRequired' while signed out and 'AccessDenied' when the user did not
 * allow your extension.
 */
export type BedrockConnectCredentialProvider = () => Promise<BedrockConnectCredentials>;

/** Who the editor is signed in as (no secret). */
export interface BedrockConnectIdentity {
	readonly arn: string;
	readonly accountId: string;
	readonly region: string;
	/** How the user signed in: 'sso', 'profile', 'environment', 'accessKeys', 'assumeRole', 'defaultChain'. */
	readonly method: string;
}

/** A VS Code-style event: call it with a listener, dispose the result to stop listening. */
export type BedrockConnectEvent = (listener: () => void) => { dispose(): void };

export interface BedrockConnectApi {
	/** A provider of the editor's sign-in credentials; the first use asks the user to allow your extension. */
	getCredentials(): BedrockConnectCredentialProvider;
	/** The signed-in identity, or undefined while signed out (or signed in with a Bedrock API key); asks like getCredentials. */
	getIdentity(): Promise<BedrockConnectIdentity | undefined>;
	/** Fires on sign-in, sign-out, account/role/region switch and credential renewal. */
	readonly onDidChange: BedrockConnectEvent;
}
