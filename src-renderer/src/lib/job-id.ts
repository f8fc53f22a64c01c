/**
 * A fresh id for a long operation (matches the contract's `^[A-Za-z0-9_-]{8,64}$`). Built from getRandomValues,
 * which unlike crypto.randomUUID also exists when the local server is opened over plain http from another host.
 */
export function makeJobId(prefix = 'job'): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
