// The log's redactor lives in the pure core (src/aws/redaction.ts); kept here for importers in src/vscode.
export { SECRET_ENV_VARS, SecretRedactor } from '../aws/redaction';
