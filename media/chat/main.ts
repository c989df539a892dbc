// Chat page entry (placeholder until the chat panel lands).
export {};
