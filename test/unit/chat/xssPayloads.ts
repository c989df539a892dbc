// Moved to test/support/xssPayloads.ts; kept so the e2e and reliability tests that import it here still build.
export { XSS_PAYLOADS } from '../../support/xssPayloads';
