// PDF (`report --format pdf`): the HTML report printed by a headless Chromium through playwright-core,
// so the PDF a regulator files is exactly the page the analyst reviewed (same verdict table, same
// A4 print stylesheet with page numbers, run id and chain head in the footer). playwright-core is
// used because it drives an installed Chromium without downloading one (Debian's /usr/bin/chromium;
// fonts-noto-cjk for Chinese text); when no Chromium is found, the error names what to install.
import { existsSync } from 'node:fs';
import { UserError } from '../../protocol/errors.js';

/** Where Chromium usually is; SDKTRACE_CHROMIUM names another. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'];

export const CHROMIUM_MISSING =
  'no Chromium found for --format pdf: install it (Debian/Ubuntu: apt-get install chromium fonts-noto-cjk; fonts-noto-cjk shows Chinese text), or set SDKTRACE_CHROMIUM to a Chromium or Chrome executable; --format html writes the same report for printing from a browser';

/** The Chromium executable to print with, or a UserError saying what to install. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync): string {
  const named = env.SDKTRACE_CHROMIUM;
  if (named !== undefined && named !== '') {
    if (!exists(named)) throw new UserError(`SDKTRACE_CHROMIUM=${named}: no such file; ${CHROMIUM_MISSING}`);
    return named;
  }
  const found = CANDIDATES.find((p) => exists(p));
  if (found === undefined) throw new UserError(CHROMIUM_MISSING);
  return found;
}

/** Prints report HTML to PDF bytes (A4 from the report's @page rule). */
export async function htmlToPdf(html: string, executablePath: string = findChromium()): Promise<Buffer> {
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new UserError('--format pdf needs the npm package playwright-core (npm install playwright-core)');
  }
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  try {
    const page = await browser.newPage({ javaScriptEnabled: false });
    // Print media before the HTML arrives: the first layout already applies the @media print rules, so
    // printing no longer switches media and lays the page out fewer times (a trace of the 1M report:
    // 4 layout passes instead of 16, page.pdf ~1 s faster); the PDF is the same (page count, pdftotext,
    // pdftoppm pixels: docs/benchmarks.md "The PDF's time").
    await page.emulateMedia({ media: 'print' });
    // The report loads nothing (its CSP forbids it); setContent waits for layout and fonts.
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ preferCSSPageSize: true, printBackground: true, format: 'A4' });
  } finally {
    await browser.close();
  }
}
