// fast-check generators for hostile shared config / credentials files: real section and key
// names mixed with malformed headers, stray lines, control characters and binary junk.
// Every secret-looking value carries SECRET_MARKER so tests can check it never leaks.
import fc from 'fast-check';

export const SECRET_MARKER = 'FUZZSECRETxyz';

const SECTIONS = [
	'[default]',
	'[profile dev]',
	'[profile prod]',
	'[dev]',
	'[profile __proto__]',
	'[__proto__]',
	'[profile constructor]',
	'[sso-session corp]',
	'[services local]',
	'[profile  spaced  ]',
	'[profile "quoted"]',
	'[',
	']',
	'[]',
	'[profile dev',
	'profile dev]',
	'[[profile dev]]',
];

const KEYS = [
	'region',
	'aws_access_key_id',
	'aws_secret_access_key',
	'aws_session_token',
	'role_arn',
	'source_profile',
	'credential_source',
	'sso_session',
	'sso_start_url',
	'sso_region',
	'sso_account_id',
	'sso_role_name',
	'mfa_serial',
	'external_id',
	'duration_seconds',
	'web_identity_token_file',
	'login_session',
	'output',
	's3',
];

const SECRET_KEYS = new Set(['aws_secret_access_key', 'aws_session_token']);

const plausibleValues = fc.constantFrom(
	'us-east-1',
	'moon-1',
	'dev',
	'prod',
	'default',
	'__proto__',
	'arn:aws:iam::111111111111:role/FuzzRole',
	'arn:aws:iam::123:role/',
	'Environment',
	'Ec2InstanceMetadata',
	'corp',
	'https://d-1234567890.awsapps.com/start',
	'http://insecure.example',
	'111111111111',
	'BedrockUser',
	'/no/such/file',
	'AKIAFUZZFUZZFUZZFUZZ',
	'',
	'=',
	'==',
	'; comment',
	'# comment',
);

const junk = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }));

const value = fc.oneof({ weight: 4, arbitrary: plausibleValues }, { weight: 2, arbitrary: junk });

const setting = fc
	.tuple(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: junk }), value, fc.constantFrom('', '  ', '\t'), fc.constantFrom(' = ', '=', ' =', '= '))
	.map(([key, v, indent, eq]) => `${indent}${key}${eq}${SECRET_KEYS.has(key) && v !== '' ? `${SECRET_MARKER}${v}` : v}`);

const line = fc.oneof(
	{ weight: 3, arbitrary: fc.constantFrom(...SECTIONS) },
	{ weight: 6, arbitrary: setting },
	{ weight: 1, arbitrary: fc.constantFrom('', '# c', '; c', '   ', '\r', '\u0000', '\ufeff[default]') },
	{ weight: 1, arbitrary: junk },
);

/** A whole file: lines joined with \n or \r\n. */
export const iniText = fc
	.tuple(fc.array(line, { maxLength: 25 }), fc.constantFrom('\n', '\r\n'))
	.map(([lines, eol]) => lines.join(eol));

/** A profile name worth asking for in such a file. */
export const profileName = fc.constantFrom('default', 'dev', 'prod', 'constructor', '__proto__', 'missing', 'profile dev', '');

/**
 * Files made of mostly well-formed profile blocks with hostile values and the odd broken line,
 * so credential resolution gets past "not found" into keys, role chains, SSO and web identity.
 */
const blockHeader = fc.constantFrom('[default]', '[profile dev]', '[dev]', '[profile prod]', '[prod]', '[sso-session corp]', '[profile dev');
const credentialSetting = fc
	.tuple(
		fc.constantFrom('aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'role_arn', 'source_profile', 'credential_source', 'sso_session', 'sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name', 'web_identity_token_file', 'region', 'mfa_serial'),
		value,
	)
	.map(([key, v]) => `${key} = ${SECRET_KEYS.has(key) && v !== '' ? `${SECRET_MARKER}${v}` : v}`);
const staticKeys = fc.constant(['aws_access_key_id = AKIAFUZZFUZZFUZZFUZZ', `aws_secret_access_key = ${SECRET_MARKER}0123456789abcdef`]);
const block = fc
	.tuple(blockHeader, fc.option(staticKeys, { freq: 2 }), fc.array(fc.oneof({ weight: 6, arbitrary: credentialSetting }, { weight: 1, arbitrary: line }), { maxLength: 5 }))
	.map(([header, keys, settings]) => [header, ...(keys ?? []), ...settings].join('\n'));

export const profileFile = fc.array(block, { maxLength: 4 }).map((blocks) => blocks.join('\n'));
