// The outward names of Bedrock in VS Code's Chat view (../shared/design/contract.md, 2026-12);
// package.json's contributes declare the same. Alone in a file so activation imports only these.
export const VENDOR = 'bedrock';
export const PARTICIPANT_ID = 'bedrockConnect.bedrock';
/** Where `bedrock-default` routes (the setting "Bedrock: Select Model…" writes). */
export const MODEL_SETTING_KEY = 'bedrockConnect.chat.modelId';
