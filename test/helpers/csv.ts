// Reading back the CSV the reports write, cell by cell, for the tests that check what a
// spreadsheet would see in each cell (formula injection, hostile strings): one small RFC 4180
// reader instead of a copy in each test. Rows are not kept apart: the tests look at cells.
/** RFC 4180 cells of a CSV text, in order (a leading BOM removed; CRLF and LF both end a row). */
export function csvCells(csv: string): string[] {
  const body = csv.replace(/^\uFEFF/, '');
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === '\n') cells.push(cur), (cur = '');
    else if (c === '\r' && body[i + 1] === '\n') continue;
    else cur += c;
  }
  return cells;
}
