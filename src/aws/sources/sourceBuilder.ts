// The one interface every sign-in method implements: from its SignInSpec (and what the
// engine shares), build the credential source, its traits and a label for the log.
import type { SourceTraits } from '../connection';
import type { MfaCodePrompt, SignInMethod, SignInSpec } from '../engineTypes';
import type { NetworkSettings } from '../network';
import type { MfaSessions } from '../mfa/mfaSessions';
import type { Clock, SecretStore } from '../ports';
import type { CredentialSource } from '../refreshingProvider';
import type { SsoPortal } from '../sso/portal';
import type { SsoTokenManager } from '../sso/tokenManager';

export interface BuiltSource {
	source: CredentialSource;
	traits: SourceTraits;
	label: string;
}

/** What the engine shares with every source builder. */
export interface SourceContext {
	/** The Connection's region (for STS calls the source makes). */
	region: string;
	/** Read on each use, never cached (Toolkit #2029). */
	env: () => NodeJS.ProcessEnv;
	clock: Clock;
	secrets: SecretStore;
	tokens: SsoTokenManager;
	portal: SsoPortal;
	promptMfaCode?: MfaCodePrompt;
	/** The engine's MFA sessions (GetSessionToken once, roles from it until it ends). */
	mfaSessions: MfaSessions;
	credentialProcessTimeoutMs?: number;
	/** The CA bundle and proxy for this connection's clients, with the profile's ca_bundle once one was read. */
	network: () => NetworkSettings;
	/** A profile source tells the connection its ca_bundle (undefined: none), for its clients and SDK providers. */
	useProfileCaBundle?: (path: string | undefined) => void;
	/** Builds another spec in the same context (a role's base credentials). */
	build(spec: SignInSpec): BuiltSource;
}

export type SourceBuilder<M extends SignInMethod> = (spec: Extract<SignInSpec, { method: M }>, context: SourceContext) => BuiltSource;

/** Traits of a source whose credentials never need the user (they are re-read on each refresh). */
export const ALWAYS_SILENT: SourceTraits = { canRefreshSilently: () => true, signInExpiresAt: () => undefined };
