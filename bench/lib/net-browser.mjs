// `node:net`'s isIP for the Chromium bench's bundle (aliased there by
// validate-browser.mjs), so ../schemas/common.mjs's makeAjv registers the same
// `ip` format in a page: valibot's IPv4/IPv6 regexes, 4 / 6 / 0 like Node's.
// None of the bench payloads has an IP; this only has to exist and be right.
import { IPV4_REGEX, IPV6_REGEX } from 'valibot';

export const isIP = (s) => (IPV4_REGEX.test(s) ? 4 : IPV6_REGEX.test(s) ? 6 : 0);
