// Wire shapes of answers and errors for the two AWS protocols the emulator speaks: awsQuery
// (STS: XML) and restJson1 (SSO, SSO-OIDC, Bedrock: JSON plus an x-amzn-errortype header).
import { type Reply, jsonReply } from './http';
import { requestId } from './secrets';

const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function escapeXml(text: string): string {
	return text.replace(/[<>&'"]/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[char] ?? char);
}

/** `{A: 'x', B: {C: 'y'}}` → `<A>x</A><B><C>y</C></B>`; undefined members are left out. */
export function xmlElements(members: Record<string, unknown>): string {
	let out = '';
	for (const [name, value] of Object.entries(members)) {
		if (value === undefined) {
			continue;
		}
		const inner = value !== null && typeof value === 'object' ? xmlElements(value as Record<string, unknown>) : escapeXml(String(value));
		out += `<${name}>${inner}</${name}>`;
	}
	return out;
}

export function queryResult(action: string, result: Record<string, unknown>): Reply {
	const id = requestId();
	const body =
		`<${action}Response xmlns="${STS_NAMESPACE}">` +
		`<${action}Result>${xmlElements(result)}</${action}Result>` +
		`<ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata>` +
		`</${action}Response>\n`;
	return { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id }, body };
}

export function queryError(status: number, code: string, message: string): Reply {
	const id = requestId();
	const type = status >= 500 ? 'Receiver' : 'Sender';
	const body =
		`<ErrorResponse xmlns="${STS_NAMESPACE}">` +
		`<Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>` +
		`<RequestId>${id}</RequestId>` +
		`</ErrorResponse>\n`;
	return { status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id }, body };
}

/** restJson1 error: the SDK names the error after the x-amzn-errortype header. */
export function restJsonError(status: number, errorType: string, body: Record<string, unknown>): Reply {
	const id = requestId();
	return jsonReply(status, body, { 'x-amzn-errortype': errorType, 'x-amzn-requestid': id });
}

export function restJsonResult(value: unknown, status = 200): Reply {
	return jsonReply(status, value, { 'x-amzn-requestid': requestId() });
}

/** Generic error names per status, for failWith() on any service. */
export function genericErrorName(status: number, names: { [status: number]: string; client: string; server: string }): string {
	return names[status] ?? (status >= 500 ? names.server : names.client);
}
