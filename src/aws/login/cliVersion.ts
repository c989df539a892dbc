// Which AWS CLI is on PATH, from `aws --version` ("aws-cli/2.32.3 Python/3.13.7 Linux/6.1 …"):
// console sign-in (`aws login`) needs 2.32.0 or newer.
export interface AwsCliVersion {
	major: number;
	minor: number;
	patch: number;
	text: string;
}

export const LOGIN_MIN_CLI = { major: 2, minor: 32, patch: 0 } as const;
export const CLI_INSTALL_URL = 'https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html';

export function parseAwsCliVersion(output: string): AwsCliVersion | undefined {
	const match = /aws-cli\/(\d+)\.(\d+)\.(\d+)/.exec(output);
	return match ? { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), text: `${match[1]}.${match[2]}.${match[3]}` } : undefined;
}

export function supportsConsoleLogin(version: AwsCliVersion | undefined): boolean {
	if (!version) return false;
	const { major, minor, patch } = LOGIN_MIN_CLI;
	return version.major !== major ? version.major > major : version.minor !== minor ? version.minor > minor : version.patch >= patch;
}
