// The takeaway model as a PDF (US Letter, body 12 pt, headings 16 pt, "Page X of Y" on every page, each document
// on a new page). pdf-lib draws text where it is told, so the layout (wrapping, page breaks, keeping a medication
// block on one page) is done here. Standard Helvetica keeps the file small and needs no font files; it encodes
// WinAnsi only, so text is mapped to that set first (Spanish accents are in it). Output is deterministic: the
// document dates come from the model's asOf, not the clock.
import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Block, FieldRow, TakeawayModel } from './takeaway-model.ts';

/** Every font size the renderer uses; the smallest is the CMS minimum of 12 pt. */
export const PDF_FONT_SIZES = { body: 12, label: 12, heading: 16, banner: 12, footer: 12 } as const;
export const MIN_FONT_SIZE = Math.min(...Object.values(PDF_FONT_SIZES));

const PAGE = { width: 612, height: 792 }; // US Letter, points
const MARGIN = { left: 54, right: 54, top: 78, bottom: 66 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const LEADING = 1.3;
const LABEL_WIDTH = 200;
const CELL_PAD = 5;
const INDENT = 20;
const GAP = 8;
const INK = rgb(0, 0, 0);
const GREY = rgb(0.35, 0.35, 0.35);

type Fonts = { regular: PDFFont; bold: PDFFont };

export async function renderTakeawayPdf(model: TakeawayModel): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts: Fonts = { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };
  const day = new Date(`${model.asOf}T00:00:00Z`);
  doc.setTitle(model.documents.map((d) => d.title).join(' / '));
  doc.setLanguage(model.lang === 'es' ? 'es-US' : 'en-US');
  doc.setSubject(model.templateVersion);
  doc.setCreator('OpenMTM');
  doc.setProducer('OpenMTM (pdf-lib)');
  doc.setCreationDate(day);
  doc.setModificationDate(day);

  const w = new Writer(doc, fonts);
  for (const d of model.documents) {
    w.newPage();
    for (const b of d.blocks) w.block(b);
  }
  const pages = doc.getPages();
  pages.forEach((page, i) => {
    if (model.banner) {
      const banner = w.fit(model.banner, fonts.bold, PDF_FONT_SIZES.banner);
      page.drawText(banner, { x: MARGIN.left, y: PAGE.height - 44, size: PDF_FONT_SIZES.banner, font: fonts.bold, color: GREY });
    }
    const label = w.fit(model.pageLabel(i + 1, pages.length), fonts.regular, PDF_FONT_SIZES.footer);
    const width = fonts.regular.widthOfTextAtSize(label, PDF_FONT_SIZES.footer);
    page.drawText(label, { x: (PAGE.width - width) / 2, y: 36, size: PDF_FONT_SIZES.footer, font: fonts.regular, color: INK });
  });
  return doc.save();
}

class Writer {
  private page: PDFPage | undefined;
  private y = 0;
  private readonly charset: Set<number>;

  constructor(private readonly doc: PDFDocument, private readonly fonts: Fonts) {
    const regular = new Set(fonts.regular.getCharacterSet());
    this.charset = new Set(fonts.bold.getCharacterSet().filter((c) => regular.has(c)));
  }

  newPage(): void {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - MARGIN.top;
  }

  private get current(): PDFPage {
    if (!this.page) this.newPage();
    return this.page!;
  }

  private room(): number {
    return this.y - MARGIN.bottom;
  }

  /** Starts a new page unless `height` fits; a unit taller than a whole page is split by its caller. */
  private ensure(height: number): void {
    if (height > this.room() && this.y < PAGE.height - MARGIN.top) this.newPage();
  }

  /** Text in the fonts' WinAnsi set: accents kept, other characters spelled out or stripped of marks. */
  clean(text: string): string {
    let out = '';
    for (const ch of text.replace(/≥/g, '>=').replace(/≤/g, '<=').replace(/→/g, '->').replace(/\t/g, ' ')) {
      const code = ch.codePointAt(0)!;
      if (ch === '\n' || this.charset.has(code)) out += ch;
      else {
        const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
        out += [...base].every((c) => this.charset.has(c.codePointAt(0)!)) && base !== '' ? base : '?';
      }
    }
    return out;
  }

  fit(text: string, font: PDFFont, size: number): string {
    return this.wrap(text, font, size, PAGE.width - MARGIN.left - MARGIN.right)[0] ?? '';
  }

  /** Lines no wider than `width`; words longer than a line are broken. Honours "\n". */
  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
    for (const para of this.clean(text).split('\n')) {
      let line = '';
      for (const word of para.split(/ +/).filter((x) => x !== '')) {
        const next = line ? `${line} ${word}` : word;
        if (fits(next)) {
          line = next;
          continue;
        }
        if (line) lines.push(line);
        line = word;
        while (!fits(line)) {
          let cut = line.length - 1;
          while (cut > 1 && !fits(line.slice(0, cut))) cut--;
          lines.push(line.slice(0, cut));
          line = line.slice(cut);
        }
      }
      lines.push(line);
    }
    return lines;
  }

  private text(s: string, x: number, size: number, font: PDFFont): void {
    this.current.drawText(s, { x, y: this.y - size, size, font, color: INK });
  }

  block(b: Block): void {
    const body = PDF_FONT_SIZES.body;
    const lh = body * LEADING;
    switch (b.kind) {
      case 'heading': {
        const size = PDF_FONT_SIZES.heading;
        const lines = this.wrap(b.text, this.fonts.bold, size, CONTENT_WIDTH);
        if (this.y < PAGE.height - MARGIN.top) this.y -= GAP;
        this.ensure(lines.length * size * LEADING + 3 * lh); // keep a heading with what follows
        for (const l of lines) {
          this.text(l, MARGIN.left, size, this.fonts.bold);
          this.y -= size * LEADING;
        }
        this.y -= GAP / 2;
        return;
      }
      case 'paragraph': {
        const font = b.bold ? this.fonts.bold : this.fonts.regular;
        for (const l of this.wrap(b.text, font, body, CONTENT_WIDTH)) {
          this.ensure(lh);
          this.text(l, MARGIN.left, body, font);
          this.y -= lh;
        }
        this.y -= GAP;
        return;
      }
      case 'list': {
        b.items.forEach((item, i) => {
          const lines = this.wrap(item, this.fonts.regular, body, CONTENT_WIDTH - INDENT);
          this.ensure(lines.length * lh);
          this.text(b.ordered ? `${i + 1}.` : '•', MARGIN.left + 4, body, this.fonts.regular);
          for (const l of lines) {
            this.ensure(lh);
            this.text(l, MARGIN.left + INDENT, body, this.fonts.regular);
            this.y -= lh;
          }
          this.y -= 2;
        });
        this.y -= GAP;
        return;
      }
      case 'fields': {
        const rows = b.rows.map((r) => this.measureRow(r));
        this.ensure(rows.reduce((h, r) => h + r.height, 0));
        for (const r of rows) this.drawRow(r);
        this.y -= GAP * 1.5;
        return;
      }
      case 'writing-space': {
        const label = this.wrap(b.label, this.fonts.bold, body, CONTENT_WIDTH);
        const lineGap = lh * 1.6;
        this.ensure(label.length * lh + b.lines * lineGap);
        for (const l of label) {
          this.text(l, MARGIN.left, body, this.fonts.bold);
          this.y -= lh;
        }
        for (let i = 0; i < b.lines; i++) {
          this.ensure(lineGap);
          this.y -= lineGap;
          this.current.drawLine({ start: { x: MARGIN.left, y: this.y + 4 }, end: { x: PAGE.width - MARGIN.right, y: this.y + 4 }, thickness: 0.6, color: GREY });
        }
        this.y -= GAP * 1.5;
        return;
      }
      case 'spacer':
        this.y -= GAP;
        return;
    }
  }

  private measureRow(r: FieldRow): { label: string[]; value: string[]; blanks: number; height: number } {
    const size = PDF_FONT_SIZES.label;
    const lh = size * LEADING;
    const label = this.wrap(r.label, this.fonts.bold, size, LABEL_WIDTH - 2 * CELL_PAD);
    const value = r.value === '' ? [] : this.wrap(r.value, this.fonts.regular, PDF_FONT_SIZES.body, CONTENT_WIDTH - LABEL_WIDTH - 2 * CELL_PAD);
    const blanks = r.value === '' ? (r.lines ?? 1) : 0;
    const height = Math.max(label.length * lh, value.length * lh, blanks * lh * 1.6) + 2 * CELL_PAD;
    return { label, value, blanks, height };
  }

  private drawRow(r: { label: string[]; value: string[]; blanks: number; height: number }): void {
    const lh = PDF_FONT_SIZES.body * LEADING;
    if (r.height > this.room()) this.newPage();
    const page = this.current;
    const top = this.y;
    page.drawRectangle({ x: MARGIN.left, y: top - r.height, width: CONTENT_WIDTH, height: r.height, borderColor: GREY, borderWidth: 0.6 });
    page.drawLine({ start: { x: MARGIN.left + LABEL_WIDTH, y: top }, end: { x: MARGIN.left + LABEL_WIDTH, y: top - r.height }, thickness: 0.6, color: GREY });
    this.y = top - CELL_PAD;
    for (const l of r.label) {
      this.text(l, MARGIN.left + CELL_PAD, PDF_FONT_SIZES.label, this.fonts.bold);
      this.y -= lh;
    }
    this.y = top - CELL_PAD;
    for (const l of r.value) {
      this.text(l, MARGIN.left + LABEL_WIDTH + CELL_PAD, PDF_FONT_SIZES.body, this.fonts.regular);
      this.y -= lh;
    }
    for (let i = 1; i <= r.blanks; i++) {
      const y = top - CELL_PAD - i * lh * 1.6 + 4;
      page.drawLine({ start: { x: MARGIN.left + LABEL_WIDTH + CELL_PAD, y }, end: { x: PAGE.width - MARGIN.right - CELL_PAD, y }, thickness: 0.5, color: GREY });
    }
    this.y = top - r.height;
  }
}
