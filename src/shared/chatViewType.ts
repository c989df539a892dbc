// The chat panel's webview view type, on its own so that the activation bundle can register the
// panel serializer without pulling in the protocol's guards (re-exported by protocol.ts).
export const CHAT_VIEW_TYPE = 'bedrockConnect.chat';
