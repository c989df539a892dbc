// The network layer every AWS client goes through: settings, trust, handlers, error kinds, Diagnose.
export * from './networkSettings';
export * from './noProxy';
export * from './trust';
export * from './httpHandlers';
export * from './proxyAgent';
export * from './describeNetwork';
export * from './networkErrors';
export * from './networkCheck';
export * from './redact';
export * from './lazyHandler';
export * from './endpointOverrides';
