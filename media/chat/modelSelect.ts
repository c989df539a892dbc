// The model <select> (test id `model`): the region's models grouped by kind, the current
// custom id, and two commands: "Other model id / ARN…" (host quick pick) and "Refresh list".
import type { ModelState } from '../../src/shared/protocol';
import { el } from './dom';
import { post } from './vscodeApi';

const OTHER = '__other__';
const REFRESH = '__refresh__';

export class ModelSelect {
	private state: ModelState = { selected: '', choices: [], warnings: [], loading: false };

	constructor(
		private readonly select: HTMLSelectElement,
		private readonly warnings: HTMLElement,
	) {
		select.addEventListener('change', () => this.onChange());
	}

	update(state: ModelState): void {
		this.state = state;
		const options: HTMLElement[] = [];
		if (!state.selected) {
			options.push(el('option', { text: 'Choose a model…', attrs: { value: '' } }));
		}
		const groups = new Map<string, HTMLOptGroupElement>();
		for (const choice of state.choices) {
			let group = groups.get(choice.group);
			if (!group) {
				group = el('optgroup', { attrs: { label: choice.group } });
				groups.set(choice.group, group);
				options.push(group);
			}
			group.append(el('option', { text: choice.label, title: choice.id, attrs: { value: choice.id } }));
		}
		if (state.loading) {
			options.push(el('option', { text: 'Loading models…', attrs: { value: REFRESH, disabled: '' } }));
		}
		options.push(el('option', { text: 'Other model id / ARN…', attrs: { value: OTHER } }));
		options.push(el('option', { text: 'Refresh model list', attrs: { value: REFRESH } }));
		this.select.replaceChildren(...options);
		this.select.value = state.selected;
		this.select.title = state.selected || 'Choose the model for the next message';

		const notes = [...state.warnings, ...(state.error ? [state.error] : [])];
		this.warnings.replaceChildren(...notes.map((text) => el('div', { text })));
		this.warnings.hidden = notes.length === 0;
	}

	private onChange(): void {
		const value = this.select.value;
		if (value === OTHER) {
			post({ type: 'pickModel' });
		} else if (value === REFRESH) {
			post({ type: 'refreshModels' });
		} else if (value && value !== this.state.selected) {
			this.state = { ...this.state, selected: value };
			post({ type: 'selectModel', modelId: value });
		}
		// Commands are not choices: show the current model again until the host confirms a change.
		this.select.value = this.state.selected;
	}
}
