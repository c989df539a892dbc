// Lists every way a piece of rendered HTML could run script; the renderer and page tests
// use it to judge what hostile model output turned into.
import { JSDOM } from 'jsdom';

const ALLOWED_TAGS = new Set([
	'a', 'b', 'blockquote', 'br', 'code', 'del', 'details', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'kbd',
	'li', 'ol', 'p', 'pre', 's', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
]);
const URL_ATTRIBUTES = ['href', 'src', 'xlink:href', 'action', 'formaction', 'background', 'srcdoc', 'data'];

/** Every reason the rendered HTML could run script; empty when it is safe. */
export function scriptCapabilities(html: string): string[] {
	return scriptCapabilitiesOf(new JSDOM(`<body>${html}</body>`).window.document.body);
}

/** The same check on elements already parsed (no new document per check: the page tests run thousands). */
export function scriptCapabilitiesOf(root: Element): string[] {
	const problems: string[] = [];
	for (const element of root.querySelectorAll('*')) {
		const tag = element.tagName.toLowerCase();
		if (!ALLOWED_TAGS.has(tag)) {
			problems.push(`element <${tag}>`);
		}
		for (const attr of Array.from(element.attributes)) {
			const name = attr.name.toLowerCase();
			if (name.startsWith('on')) {
				problems.push(`handler ${name} on <${tag}>`);
			}
			if (name === 'style') {
				problems.push(`style attribute on <${tag}>`);
			}
			if (URL_ATTRIBUTES.includes(name)) {
				// Browsers ignore control characters and whitespace inside a scheme.
				// eslint-disable-next-line no-control-regex
				const normalized = attr.value.replace(/[\u0000-\u0020\u007f-\u00a0\u2028\u2029]/g, '').toLowerCase();
				if (name !== 'href' || !/^(?:https?:|mailto:)/.test(normalized)) {
					problems.push(`${name}="${attr.value}" on <${tag}>`);
				}
			}
		}
	}
	return problems;
}
