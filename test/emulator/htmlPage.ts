// The emulator's browser pages (device approval, /authorize): one plain HTML skeleton, no scripts
// and no external resources, the title escaped.
import { escapeXml as escapeHtml } from './protocols';

export function htmlPage(title: string, body: string): string {
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – AWS emulator</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; color: #16191f; }
.code { font: 600 2rem ui-monospace, monospace; letter-spacing: .1em; margin: 1rem 0; }
button { font-size: 1rem; padding: .5rem 1.25rem; margin-right: .5rem; border-radius: 4px; border: 1px solid #545b64; background: #fff; cursor: pointer; }
button.primary { background: #ff9900; border-color: #ff9900; }
form.inline { display: inline; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}
