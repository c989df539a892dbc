// An HTTP/1.1 request handler that reads the network settings when a request is sent, not when the
// client is made: a profile's ca_bundle is known only once its credentials were read (just before
// signing), and changed proxy settings apply to a long-lived client's next request.
import type { HttpHandler, HttpRequest } from '@smithy/protocol-http';
import type { HttpHandlerOptions } from '@smithy/types';
import type { NodeHttpHandler, NodeHttpHandlerOptions } from '@smithy/node-http-handler';
import type { NetworkSettings } from './networkSettings';

export class LazyHttpHandler implements HttpHandler<NodeHttpHandlerOptions> {
	readonly metadata = { handlerProtocol: 'http/1.1' };
	private current?: { key: string; handler: NodeHttpHandler };
	/** Handlers for earlier settings: a request may still run on one; closed with destroy(). */
	private readonly previous: NodeHttpHandler[] = [];

	constructor(
		private readonly settings: () => NetworkSettings,
		/** Builds the handler for the settings (throws for an unusable CA bundle, at send time). */
		private readonly create: (settings: NetworkSettings) => NodeHttpHandler,
	) {}

	private handler(): NodeHttpHandler {
		const settings = this.settings();
		const key = JSON.stringify(settings);
		if (this.current?.key !== key) {
			const handler = this.create(settings);
			if (this.current) this.previous.push(this.current.handler);
			this.current = { key, handler };
		}
		return this.current.handler;
	}

	handle(request: HttpRequest, options?: HttpHandlerOptions): ReturnType<NodeHttpHandler['handle']> {
		return this.handler().handle(request, options);
	}

	updateHttpClientConfig(key: keyof NodeHttpHandlerOptions, value: NodeHttpHandlerOptions[typeof key]): void {
		this.handler().updateHttpClientConfig(key, value);
	}

	httpHandlerConfigs(): NodeHttpHandlerOptions {
		return this.current?.handler.httpHandlerConfigs() ?? {};
	}

	destroy(): void {
		for (const handler of this.previous.splice(0)) handler.destroy();
		this.current?.handler.destroy();
		this.current = undefined;
	}
}
