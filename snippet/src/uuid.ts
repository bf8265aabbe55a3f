/**
 * A random (v4) UUID from crypto.randomUUID. It exists in every current browser in secure contexts
 * (HTTPS, localhost); elsewhere it throws and the event is not tracked.
 */
export const uuid = (): string => crypto.randomUUID();
