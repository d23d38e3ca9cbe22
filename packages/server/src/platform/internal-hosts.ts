/**
 * Connections a user's setting makes the server open (webhooks, SMS providers, personal mailboxes) must not reach
 * this machine or the company's private network (SSRF: probing ports, reaching internal services), unless an
 * administrator listed the host in an allow-list variable. The address checked is the one connected to (our own
 * DNS lookup), so a name cannot re-resolve to an internal address between the check and the connection.
 */
import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

export class RefusedAddress extends Error {}

/** Hosts allowed although internal, from a comma-separated variable. */
export function allowedHosts(variable: string, env: NodeJS.ProcessEnv = process.env): Set<string> {
  return new Set((env[variable] ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean));
}

/** Is this address on the public internet (not loopback, private, link-local, unique-local, reserved…)? */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() === 'unicast';
}

const bare = (host: string) => host.replace(/^\[|\]$/g, '').toLowerCase();

/** Whether a host as written (before any lookup) is plainly internal and not allowed. */
export function isInternalHost(host: string, allow: Set<string>): boolean {
  const h = bare(host);
  if (allow.has(h)) return false;
  return h === 'localhost' || h.endsWith('.localhost') || (ipaddr.isValid(h) && !isPublicAddress(h));
}

/** The addresses to connect to for a host: all public, or the host allowed; else RefusedAddress. */
export async function connectableAddresses(host: string, allow: Set<string>): Promise<{ address: string; family: number }[]> {
  const h = bare(host);
  const addresses = await lookup(h, { all: true });
  if (allow.has(h)) return addresses;
  const bad = addresses.find((a) => !isPublicAddress(a.address));
  if (bad) throw new RefusedAddress(`${h} resolves to ${bad.address}, a private address`);
  return addresses;
}
