// Remembers the last patient search so "← Patients" on a chart returns to the same results page.
let href = '/patients';

export function rememberSearch(next: string): void {
  href = next;
}

export function lastSearchHref(): string {
  return href;
}
