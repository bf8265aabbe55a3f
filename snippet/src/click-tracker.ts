import { pathOf } from './path';

/**
 * One delegated, capture-phase click listener on the document. Only clicks on an element carrying
 * `data-pb-track` (or on something inside one) count, and only three things are read: the attribute
 * value (label), the tag name, and the path of the link target, if any. Never text, ids, classes,
 * values, query strings or hashes.
 */
export function watchClicks(onClick: (label: string, element: string, hrefPath: string | null) => void): () => void {
  const handler = (ev: Event): void => {
    try {
      const t = ev.target as Element;
      const el = t.closest('[data-pb-track]')!;
      const label = el.getAttribute('data-pb-track')!.trim().slice(0, 128);
      const a = t.closest('a[href]');
      if (label) onClick(label, el.tagName.toLowerCase(), a && pathOf(a.getAttribute('href')));
    } catch {
      /* not a tracked element (or no element at all) */
    }
  };
  document.addEventListener('click', handler, true);
  return () => document.removeEventListener('click', handler, true);
}
