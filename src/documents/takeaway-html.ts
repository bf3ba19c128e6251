// The takeaway model as one self-contained HTML page: the same content as the PDF, with the `lang` attribute set,
// semantic headings and tables for screen readers, body text at 12 pt or more, and print CSS that starts each
// document on a new sheet of US Letter paper. No scripts, no external resources.
import type { Block, FieldRow, TakeawayModel } from './takeaway-model.ts';

export const HTML_MIN_FONT_PT = 12;

const CSS = `
  @page { size: letter; margin: 0.75in; }
  body { font-family: Helvetica, Arial, sans-serif; font-size: 13pt; line-height: 1.4; color: #000; max-width: 7.5in; margin: 0 auto; padding: 0 0.25in; }
  .banner { font-size: 12pt; font-weight: bold; color: #444; border: 1px dashed #777; padding: 4pt 8pt; }
  section.document { break-before: page; page-break-before: always; }
  section.document:first-of-type { break-before: auto; page-break-before: auto; }
  h1 { font-size: 18pt; margin: 16pt 0 8pt; }
  h2 { font-size: 16pt; margin: 16pt 0 8pt; }
  p { margin: 0 0 8pt; white-space: pre-line; }
  table.fields { width: 100%; border-collapse: collapse; margin: 0 0 12pt; break-inside: avoid; page-break-inside: avoid; }
  table.fields th, table.fields td { border: 1px solid #666; padding: 4pt 6pt; vertical-align: top; text-align: left; font-size: 12pt; }
  table.fields th { width: 36%; font-weight: bold; }
  .blank { display: block; border-bottom: 1px solid #666; height: 1.4em; }
  .writing-space { margin: 12pt 0; break-inside: avoid; page-break-inside: avoid; }
  .writing-space .label { font-weight: bold; }
  .note { font-size: 12pt; color: #444; }
`;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function blanks(n: number, lang: string): string {
  const label = lang === 'es' ? 'espacio en blanco para escribir' : 'blank space to write in';
  return Array.from({ length: n }, () => `<span class="blank" role="img" aria-label="${label}"></span>`).join('');
}

function row(r: FieldRow, lang: string): string {
  const value = r.value === '' ? blanks(r.lines ?? 1, lang) : esc(r.value);
  return `<tr><th scope="row">${esc(r.label)}</th><td>${value}</td></tr>`;
}

function block(b: Block, lang: string, first: boolean): string {
  switch (b.kind) {
    case 'heading':
      return first ? `<h1>${esc(b.text)}</h1>` : `<h2>${esc(b.text)}</h2>`;
    case 'paragraph':
      return b.bold ? `<p><strong>${esc(b.text)}</strong></p>` : `<p>${esc(b.text)}</p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</${tag}>`;
    }
    case 'fields':
      return `<table class="fields"><tbody>${b.rows.map((r) => row(r, lang)).join('')}</tbody></table>`;
    case 'writing-space':
      return `<div class="writing-space"><p class="label">${esc(b.label)}</p>${blanks(b.lines, lang)}</div>`;
    case 'spacer':
      return '<br>';
  }
}

export function renderTakeawayHtml(model: TakeawayModel): string {
  const sections = model.documents.map((d) =>
    `<section class="document" id="${d.id}" aria-label="${esc(d.title)}">\n${d.blocks.map((b, i) => block(b, model.lang, i === 0)).join('\n')}\n</section>`);
  return [
    '<!DOCTYPE html>',
    `<html lang="${model.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="OpenMTM; ${esc(model.templateVersion)}">`,
    `<title>${esc(model.documents.map((d) => d.title).join(' / '))}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    model.banner ? `<p class="banner" role="note">${esc(model.banner)}</p>` : '',
    ...sections,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
