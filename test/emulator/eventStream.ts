// application/vnd.amazon.eventstream frames for ConverseStream, encoded with the SDK's own
// codec so CRCs and header layout are exactly what the client decoder expects.
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function text(value: string) {
	return { type: 'string' as const, value };
}

/** A modelled event, e.g. contentBlockDelta with `{contentBlockIndex, delta: {text}}`. */
export function eventFrame(eventType: string, payload: unknown): Uint8Array {
	return codec.encode({
		headers: { ':message-type': text('event'), ':event-type': text(eventType), ':content-type': text('application/json') },
		body: fromUtf8(JSON.stringify(payload)),
	});
}

/** A modelled error inside the stream; the SDK throws it from the `for await` loop. */
export function exceptionFrame(exceptionType: string, payload: unknown): Uint8Array {
	return codec.encode({
		headers: { ':message-type': text('exception'), ':exception-type': text(exceptionType), ':content-type': text('application/json') },
		body: fromUtf8(JSON.stringify(payload)),
	});
}
