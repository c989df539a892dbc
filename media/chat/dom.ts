// Small DOM helpers so the rest of the page builds elements without innerHTML.

export function el<K extends keyof HTMLElementTagNameMap>(
	tag: K,
	props: { className?: string; text?: string; title?: string; attrs?: Record<string, string> } = {},
	...children: Node[]
): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	if (props.className) {
		node.className = props.className;
	}
	if (props.text !== undefined) {
		node.textContent = props.text;
	}
	if (props.title) {
		node.title = props.title;
	}
	for (const [name, value] of Object.entries(props.attrs ?? {})) {
		node.setAttribute(name, value);
	}
	node.append(...children);
	return node;
}

export function byId<T extends HTMLElement>(id: string): T {
	const node = document.getElementById(id);
	if (!node) {
		throw new Error(`Missing #${id} in the chat page`);
	}
	return node as T;
}
