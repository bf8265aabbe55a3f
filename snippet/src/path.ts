/**
 * The path of a URL, and nothing else: no scheme, host, query string or fragment (URLs may carry
 * PHI). Relative URLs resolve against the current page. Non-http(s) URLs (mailto:, tel:, javascript:)
 * give null, as their "path" is not a path.
 */
export function pathOf(url?: string | null): string | null {
  try {
    const u = new URL(url == null ? location.href : url, location.href);
    return /^https?:$/.test(u.protocol) ? u.pathname.slice(0, 1024) || '/' : null;
  } catch {
    return null;
  }
}
