/**
 * The capacity report as a terminal table (`npm run plan`).
 */
import { CapacityReport, CpuAndMemory, UTILISATION_BAND } from './capacity';
import { describeBytes, describeCpu, formatBytes } from './quantity';

/**
 * A terminal table of one or more reports: per environment, the APIs, the node pool, the utilisation, then the
 * errors and warnings. For JSON, serialise the reports themselves.
 */
export function formatCapacityTable(reports: CapacityReport | readonly CapacityReport[]): string {
  const list: readonly CapacityReport[] = isReportList(reports) ? reports : [reports];
  return list.map(formatOne).join('\n\n') + '\n';
}

function isReportList(reports: CapacityReport | readonly CapacityReport[]): reports is readonly CapacityReport[] {
  return Array.isArray(reports);
}

function formatOne(report: CapacityReport): string {
  const pool = report.nodePool;
  const node = pool.perNode;
  const both = (c: CpuAndMemory): string => `${describeCpu(c.cpuMillis)} / ${describeBytes(c.memoryBytes)}`;
  const range = (min: number, max: number): string => (min === max ? String(min) : `${min}–${max}`);
  const pct = (p: number | null): string => (p === null ? '–' : `${p}%`);
  const lines: string[] = [];
  const zonal = pool.zones === 1 ? 'zonal' : `regional, ${pool.zones} zones`;
  lines.push(
    `Environment ${report.environment}: node pool ${pool.machineType} (${pool.shape.vcpus} vCPU, ${pool.shape.memoryGib} GiB), ` +
      `${zonal}, ${range(pool.minNodesPerZone, pool.maxNodesPerZone)} nodes per zone`,
  );
  lines.push(
    `  One node: ${both(node.capacity)} - GKE reserved ${both(node.reserved)} - system pods ${both(node.systemPods)} ` +
      `= ${both(node.available)} for workloads`,
  );
  lines.push('');
  lines.push(...table([
    ['API', 'Pod request', 'Replicas', 'CPU at min', 'CPU at max', 'Memory at min', 'Memory at max'],
    ...report.apis.map((api) => [
      api.name,
      `${api.pod.cpuMillis}m / ${formatBytes(api.pod.memoryBytes)}`,
      range(api.atMin.count, api.atMax.count),
      describeCpu(api.atMin.cpuMillis),
      describeCpu(api.atMax.cpuMillis),
      describeBytes(api.atMin.memoryBytes),
      describeBytes(api.atMax.memoryBytes),
    ]),
    ['All APIs', '', '', describeCpu(report.requested.atMin.cpuMillis), describeCpu(report.requested.atMax.cpuMillis),
      describeBytes(report.requested.atMin.memoryBytes), describeBytes(report.requested.atMax.memoryBytes)],
  ]));
  lines.push('');
  lines.push(...table([
    ['Node pool', 'Nodes', 'CPU for workloads', 'Memory for workloads'],
    ['at minimum', String(pool.atMin.count), describeCpu(pool.atMin.cpuMillis), describeBytes(pool.atMin.memoryBytes)],
    ['at maximum', String(pool.atMax.count), describeCpu(pool.atMax.cpuMillis), describeBytes(pool.atMax.memoryBytes)],
  ]));
  lines.push('');
  lines.push(...table([
    ['Utilisation', 'CPU', 'Memory'],
    ['HPA minimums on minimum nodes', pct(report.utilisation.atMin.cpuPercent), pct(report.utilisation.atMin.memoryPercent)],
    ['HPA maximums on maximum nodes', pct(report.utilisation.atMax.cpuPercent), pct(report.utilisation.atMax.memoryPercent)],
  ]));
  if (report.errors.length + report.warnings.length > 0) lines.push('');
  lines.push(...report.errors.map((e) => `  ERROR    ${e}`));
  lines.push(...report.warnings.map((w) => `  WARNING  ${w}`));
  if (report.errors.length + report.warnings.length === 0) {
    lines.push('', `  OK: fits, with utilisation in the ${UTILISATION_BAND.lowPercent}–${UTILISATION_BAND.highPercent}% band`);
  }
  return lines.join('\n');
}

/** Left-aligned columns, two spaces apart, indented by two; the first row is the header, underlined. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]): string =>
    ('  ' + row.map((cell, column) => cell.padEnd(widths[column])).join('  ')).trimEnd();
  return [line(rows[0]), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)];
}
