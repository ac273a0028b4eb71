/**
 * CIDR ranges, IPv4 and IPv6, checked before Kubernetes or Google does: a malformed range, host bits set, two
 * ranges that overlap. Both renderers read ranges through this one module (Google's subnet and control plane
 * ranges, NetworkPolicy ipBlocks), so both sides accept and refuse the same text. Pure arithmetic, no I/O.
 *
 * ipaddr.js reads the addresses. It is more lenient than Go's `net/netip`, which the Kubernetes API server and
 * Google's APIs use: it takes octal and hex IPv4 parts (`010.0.0.0` is 8.0.0.0 to it), two- and three-part IPv4,
 * zone ids, and reads `::a.b.c.d` as `::ffff:a.b.c.d`. So the text is narrowed to the canonical forms first.
 */
import { IPv4, IPv6 } from 'ipaddr.js';

/** The address family of a range. */
export type IpFamily = 'ipv4' | 'ipv6';

/** An IPv4 or IPv6 range: its first address as an unsigned number, and its prefix length. */
export interface IpRange {
  /** The range as written, e.g. `10.0.0.0/20` or `fd00::/64`. */
  readonly text: string;
  /** `ipv4` or `ipv6`. */
  readonly family: IpFamily;
  /** The first address, 0 .. 2^32-1 (IPv4) or 0 .. 2^128-1 (IPv6); a bigint, since IPv6 needs 128 bits. */
  readonly first: bigint;
  /** The prefix length, 0 .. 32 (IPv4) or 0 .. 128 (IPv6). */
  readonly prefix: number;
  /** How many addresses the range holds: 2^(32 - prefix) or 2^(128 - prefix). */
  readonly size: bigint;
}

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

const NOT_IPV4 = "must be an IPv4 CIDR range such as '10.0.0.0/20'";
const NOT_CIDR = 'must be an IP range in CIDR notation such as 10.20.0.5/32';

/** Decimal without leading zeros, as `net/netip` wants it: `/08` is refused there. */
const PREFIX_LENGTH = /^(0|[1-9][0-9]{0,2})$/;
/** Hex groups of at most four digits and colons only: no zone id, no embedded dotted IPv4 (see the module doc). */
const PLAIN_IPV6 = /^[0-9a-f:]+$/i;

interface ParsedCidr {
  readonly family: IpFamily;
  readonly address: bigint;
  readonly prefix: number;
  /** 32 or 128. */
  readonly width: number;
}

function isPlainIpv6(address: string): boolean {
  return PLAIN_IPV6.test(address) && address.split(':').every((group) => group.length <= 4) && IPv6.isValid(address);
}

/** Reads `address/prefix` in a canonical form, or `undefined`; host bits are the caller's to judge. */
function readCidr(text: string): ParsedCidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  if (!PREFIX_LENGTH.test(bits)) return undefined;
  let ip: IPv4 | IPv6;
  if (IPv4.isValidFourPartDecimal(address)) ip = IPv4.parse(address);
  else if (isPlainIpv6(address)) ip = IPv6.parse(address);
  else return undefined;
  const bytes = ip.toByteArray();
  const width = bytes.length * 8;
  const prefix = Number(bits);
  if (prefix > width) return undefined;
  return { family: ip.kind(), address: bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n), prefix, width };
}

/** The range, or the host-bits problem with the network address the user probably meant. */
function networkRange(text: string, cidr: ParsedCidr): IpRange | string {
  const size = 1n << BigInt(cidr.width - cidr.prefix);
  const first = cidr.address - (cidr.address % size);
  if (first !== cidr.address) {
    return `must start at its network address, with no host bits set (did you mean '${formatAddress(cidr.family, first)}/${cidr.prefix}'?)`;
  }
  return { text, family: cidr.family, first, prefix: cidr.prefix, size };
}

function formatAddress(family: IpFamily, address: bigint): string {
  if (family === 'ipv4') return formatIpv4(Number(address));
  const parts = Array.from({ length: 8 }, (_, i) => Number((address >> BigInt(112 - 16 * i)) & 0xffffn));
  return new IPv6(parts).toRFC5952String();
}

/**
 * Parses an IPv4 or IPv6 range (`10.20.0.5/32`, `fd00::/64`), or says what is wrong with it. Refuses what
 * Kubernetes or Google would refuse or read differently: leading zeros, octal or hex parts, zone ids, a prefix
 * longer than the address, host bits set.
 * @returns the range, or the problem phrased to follow the value in a message ("must be ...").
 */
export function parseCidr(text: string): IpRange | string {
  const cidr = readCidr(text);
  return cidr ? networkRange(text, cidr) : NOT_CIDR;
}

/**
 * Parses `a.b.c.d/n`, or says what is wrong with it: Google's subnet, secondary and control plane ranges are IPv4.
 * @returns the range, or the problem phrased to follow the value in a message ("must be ...").
 */
export function parseIpv4Cidr(text: string): Ipv4Range | string {
  const cidr = readCidr(text);
  if (cidr?.family !== 'ipv4') return NOT_IPV4;
  const range = networkRange(text, cidr);
  if (typeof range === 'string') return range;
  // 2^32 fits a number exactly, and numbers keep this older, IPv4-only shape easy to use.
  return { text, first: Number(range.first), prefix: range.prefix, size: Number(range.size) };
}

/** True when the two ranges share at least one address. Ranges of different families never do. */
export function overlaps(a: Ipv4Range | IpRange, b: Ipv4Range | IpRange): boolean {
  if (familyOf(a) !== familyOf(b)) return false;
  const [aFirst, aSize, bFirst, bSize] = [a.first, a.size, b.first, b.size].map((n) => BigInt(n));
  return aFirst < bFirst + bSize && bFirst < aFirst + aSize;
}

function familyOf(range: Ipv4Range | IpRange): IpFamily {
  return 'family' in range ? range.family : 'ipv4';
}

/** Dotted-quad text of an unsigned 32-bit address. */
export function formatIpv4(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

/** True for a range that holds every IPv4 or IPv6 address (`0.0.0.0/0`, `::/0`): the whole internet. */
export function isWholeInternet(text: string): boolean {
  const range = parseCidr(text.trim());
  return typeof range === 'object' && range.prefix === 0;
}

/** What an authorized network for a control plane must list, said once for the plan and the GKE constructs. @internal */
export const AUTHORIZED_NETWORKS_REQUIRED = 'must list at least one CIDR range: the control plane accepts connections from these networks only';

/**
 * Why a range may not be an authorized network of a control plane: it opens it to the whole internet, or it is not
 * an IPv4 CIDR. `undefined` when it may.
 * @internal
 */
export function restrictedCidrProblem(text: string): string | undefined {
  if (isWholeInternet(text)) return 'would open the control plane to the whole internet: list the networks your operators and CI use';
  const range = parseIpv4Cidr(text);
  return typeof range === 'string' ? range : undefined;
}
