// The JSON report: the report model as is, versioned by its `schema` field (docs/report-json.md).
import type { ReportModel } from '../model.js';

export function renderJson(model: ReportModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}
