/**
 * Kubernetes resource quantities, as exact integers: CPU in millicores, memory and storage in bytes.
 * Pure arithmetic shared by the Kubernetes and Terraform sides (capacity planning needs both).
 */

const CPU = /^(\d+(?:\.\d+)?|\.\d+)(m?)$/;
const BYTES = /^(\d+(?:\.\d+)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/;

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50 };
const DECIMAL: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 };

/**
 * Parses a CPU quantity (`250m`, `0.5`, `2`) into millicores.
 * @returns the millicores, or `undefined` when the text is not a CPU quantity Kubernetes accepts
 *   (fractions of a millicore included).
 */
export function parseCpu(text: string): number | undefined {
  const m = CPU.exec(text);
  if (!m) return undefined;
  const millis = m[2] === 'm' ? Number(m[1]) : Number(m[1]) * 1000;
  const rounded = Math.round(millis);
  return Math.abs(millis - rounded) < 1e-9 ? rounded : undefined;
}

/**
 * Parses a memory or storage quantity (`512Mi`, `1Gi`, `1G`, `1048576`) into bytes.
 * @returns the bytes, or `undefined` when the text is not such a quantity (including the milli-byte form `1m`
 *   Kubernetes tolerates but nobody means).
 */
export function parseBytes(text: string): number | undefined {
  const m = BYTES.exec(text);
  if (!m) return undefined;
  const unit = m[2] ? (BINARY[m[2]] ?? DECIMAL[m[2]]) : 1;
  const bytes = Number(m[1]) * unit;
  const rounded = Math.round(bytes);
  return Math.abs(bytes - rounded) < 1e-6 ? rounded : undefined;
}

/** Millicores as Kubernetes writes them: `250m`, or whole cores as `2`. */
export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Bytes in the largest unit that divides them exactly: `1Gi`, `1536Mi`, `1G`, `100`. */
export function formatBytes(bytes: number): string {
  for (const [suffix, size] of Object.entries(BINARY).reverse()) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${suffix}`;
  }
  for (const [suffix, size] of Object.entries(DECIMAL).reverse()) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${suffix}`;
  }
  return String(bytes);
}

/** Millicores for people: `5.19 CPU`, `250m CPU`. */
export function describeCpu(millis: number): string {
  return millis >= 1000 ? `${trimNumber(millis / 1000)} CPU` : `${millis}m CPU`;
}

/** Bytes for people, in binary units with two decimals at most: `12.3 GiB`. */
export function describeBytes(bytes: number): string {
  const units: Array<[string, number]> = [['TiB', 2 ** 40], ['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]];
  for (const [name, size] of units) {
    if (bytes >= size) return `${trimNumber(bytes / size)} ${name}`;
  }
  return `${bytes} B`;
}

function trimNumber(n: number): string {
  return String(Math.round(n * 100) / 100);
}
