// The IAM Identity Center sign-in every AWS test uses unless it needs another: one start URL
// and region, known to the emulator, so tests never each spell their own.
export const START_URL = 'https://d-1234567890.awsapps.com/start';
export const SSO_REGION = 'us-east-1';
