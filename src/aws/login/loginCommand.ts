// The terminal command that signs a profile in with the console: `aws login --profile X`, and
// `--remote` when VS Code's window is remote (the browser is on another machine: the CLI
// prints a URL and asks for the code the page shows).
const SAFE_PROFILE = /^[\w.@+:/-]+$/;

export function awsLoginCommandLine(profile: string, remote: boolean): string {
	if (!SAFE_PROFILE.test(profile)) {
		throw new Error(`"${profile}" is not a profile name the AWS CLI accepts`);
	}
	return `aws login --profile ${profile}${remote ? ' --remote' : ''}`;
}
