// Sign-in method → its source builder. Adding a method: write its builder in
// sources/<method>.ts and add one line here.
import type { SignInMethod, SignInSpec } from '../engineTypes';
import * as accessKeys from './accessKeys';
import * as assumeRole from './assumeRole';
import * as bearerToken from './bearerToken';
import * as defaultChain from './defaultChain';
import * as environment from './environment';
import * as profile from './profile';
import * as sso from './sso';
import type { BuiltSource, SourceBuilder, SourceContext } from './sourceBuilder';

const BUILDERS: { [M in SignInMethod]: SourceBuilder<M> } = {
	sso: sso.build,
	profile: profile.build,
	environment: environment.build,
	accessKeys: accessKeys.build,
	assumeRole: assumeRole.build,
	bedrockApiKey: bearerToken.build,
	defaultChain: defaultChain.build,
};

export function buildSource(spec: SignInSpec, context: Omit<SourceContext, 'build'>): BuiltSource {
	const full: SourceContext = { ...context, build: (inner) => buildSource(inner, context) };
	return (BUILDERS[spec.method] as SourceBuilder<SignInMethod>)(spec as never, full);
}
