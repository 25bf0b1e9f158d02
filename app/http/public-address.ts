import ipaddr from "ipaddr.js";

/**
 * Public unicast only. IPv6 must also be global unicast (2000::/3): ipaddr.js calls the
 * IPv4-compatible ::7f00:1 "unicast". An IPv4-mapped address is judged by the IPv4 inside.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  if (parsed.range() !== "unicast") return false;
  return parsed.kind() === "ipv4" || (parsed as ipaddr.IPv6).match(ipaddr.IPv6.parse("2000::"), 3);
}
