/**
 * IPv4 CIDR ranges as numbers, to check them before Google does: a malformed range, host bits set, two ranges
 * that overlap. Pure arithmetic, no I/O.
 */

/** An IPv4 range: its first address as an unsigned 32-bit number, and its prefix length. */
export interface Ipv4Range {
  /** The range as written, e.g. `10.0.0.0/20`. */
  readonly text: string;
  /** The first address, 0 .. 2^32-1. */
  readonly first: number;
  /** The prefix length, 0 .. 32. */
  readonly prefix: number;
  /** How many addresses the range holds: 2^(32 - prefix). */
  readonly size: number;
}

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Parses `a.b.c.d/n`, or says what is wrong with it.
 * @returns the range, or the problem phrased to follow the value in a message ("must be ...").
 */
export function parseIpv4Cidr(text: string): Ipv4Range | string {
  const m = IPV4_CIDR.exec(text);
  if (!m) return "must be an IPv4 CIDR range such as '10.0.0.0/20'";
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return "must be an IPv4 CIDR range such as '10.0.0.0/20'";
  const address = ((octets[0] * 256 + octets[1]) * 256 + octets[2]) * 256 + octets[3];
  const size = 2 ** (32 - prefix);
  const first = Math.floor(address / size) * size;
  if (first !== address) {
    return `must start at its network address, with no host bits set (did you mean '${formatIpv4(first)}/${prefix}'?)`;
  }
  return { text, first, prefix, size };
}

/** True when the two ranges share at least one address. */
export function overlaps(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.first < b.first + b.size && b.first < a.first + a.size;
}

/** Dotted-quad text of an unsigned 32-bit address. */
export function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

/** True for a range that holds every IPv4 or IPv6 address: the whole internet. */
export function isWholeInternet(text: string): boolean {
  return /^0\.0\.0\.0\/0$/.test(text.trim()) || /^(::|0*:(0*:)*0*)\/0$/.test(text.trim());
}
