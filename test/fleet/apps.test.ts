// The fleet's app list (TSV with a header row): what a bad line says — the line, the column, the fix —
// and that paths are made absolute for workers on other hosts. No database needed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAppsTsv } from '../../host/fleet/apps.js';

const dir = mkdtempSync(join(tmpdir(), 'sdktrace-fleet-apps-'));
writeFileSync(join(dir, 'a.json'), '{}');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fleet app list', () => {
  it('reads columns by the header, in any order, with defaults', () => {
    const apps = parseAppsTsv('# campaign\nversion\tpackage\tscenario\tpriority\n1.0\tcom.a.b\ta.json\t5\n2.0\tcom.c.d\t-\t\n', 'apps.tsv', dir);
    expect(apps).toEqual([
      { package: 'com.a.b', version: '1.0', apk: null, scenario: join(dir, 'a.json'), lists: null, priority: 5, line: 3 },
      { package: 'com.c.d', version: '2.0', apk: null, scenario: null, lists: null, priority: 0, line: 4 },
    ]);
  });

  it.each([
    ['package\tversion\tcolour\ncom.a.b\t1\tred\n', /apps\.tsv:1: column 3 is "colour"; columns are package, version, apk, scenario, lists, priority/],
    ['package\napp\n', /apps\.tsv:1: the header has no version column/],
    ['package\tversion\nnot-a-package\t1\n', /apps\.tsv:2: package "not-a-package" is not a package name/],
    ['package\tversion\ncom.a.b\t\n', /apps\.tsv:2: com\.a\.b has no version/],
    ['package\tversion\ncom.a.b\t1\ncom.a.b\t1\n', /apps\.tsv:3: com\.a\.b 1 is already on line 2/],
    ['package\tversion\tapk\ncom.a.b\t1\tmissing.apk\n', /apps\.tsv:2: apk missing\.apk does not exist \(paths are read by the workers: use a shared directory\)/],
    ['package\tversion\tpriority\ncom.a.b\t1\thigh\n', /apps\.tsv:2: priority "high" is not a whole number/],
    ['package\tversion\ncom.a.b\t1\textra\n', /apps\.tsv:2: 3 cells but the header has 2 columns/],
    ['\n# nothing\n', /apps\.tsv: empty; expected a header row/],
  ])('rejects %j', (text, message) => {
    expect(() => parseAppsTsv(text, 'apps.tsv', dir)).toThrow(message);
  });
});
