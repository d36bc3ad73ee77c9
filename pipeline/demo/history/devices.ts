/**
 * Devices and addresses: the platforms of a year (free text in the old format, short tokens in the new one),
 * how often each kind plays, and IP addresses from the documentation ranges.
 */
import type { Random } from "./random.ts";

type DeviceKind = "mobile" | "tablet" | "desktop" | "cast" | "web" | "other";

/** One device, as each format spells it. */
export interface Device {
  kind: DeviceKind;
  token: string;
  /** `platform` in `endsong` files. */
  text: string;
  /** `user_agent_decrypted` in `endsong` files (URL-encoded). */
  userAgent: string | null;
}

/** The listener's devices in one year. */
export interface DeviceSet {
  variants: Record<DeviceKind, Device[]>;
  mix: readonly (readonly [DeviceKind, number])[];
  homeIp: string;
}

const ANDROID_VERSIONS: Record<number, [string, number]> = {
  2009: ["1.6", 4],
  2010: ["2.2.1", 8],
  2011: ["2.3.6", 10],
  2012: ["4.0.4", 15],
  2013: ["4.2.2", 17],
  2014: ["4.4.2", 19],
  2015: ["5.1.1", 22],
  2016: ["6.0.1", 23],
};
// deno-fmt-ignore
const ANDROID_PHONES = [
  "samsung, SM-G920F", "samsung, GT-I9300", "LGE, Nexus 5", "OnePlus, ONEPLUS A3003", "HTC, HTC One",
  "motorola, XT1068",
];

/** Options of {@linkcode deviceSet}. */
export interface DeviceSetOptions {
  year: number;
  /** An iPhone that year, else an Android phone (the tablet is the other system). */
  usesIos: boolean;
  /** A Mac that year, else a Windows PC. */
  usesMac: boolean;
}

/** The listener's devices in one year, how often each kind plays, and the home address. */
export function deviceSet(rng: Random, { year, usesIos, usesMac }: DeviceSetOptions): DeviceSet {
  const variants = {} as Record<DeviceKind, Device[]>;
  const mobile: Device[] = [];
  const desktop: Device[] = [];
  for (let v = 0; v < 3; v++) {
    if (usesIos) {
      const major = Math.max(2, year - 2007);
      const model = `iPhone${Math.max(1, Math.floor((year - 2007) * 0.9))},${1 + rng.int(3)}`;
      mobile.push({
        kind: "mobile",
        token: "ios",
        text: `iOS ${major}.${rng.int(4)}.${rng.int(3)} (${model})`,
        userAgent: "unknown",
      });
    } else {
      const [version, api] = ANDROID_VERSIONS[Math.min(2016, Math.max(2009, year))];
      mobile.push({
        kind: "mobile",
        token: "android",
        text: `Android OS ${version} API ${api} (${rng.pick(ANDROID_PHONES)})`,
        userAgent: "unknown",
      });
    }
    if (usesMac) {
      desktop.push({
        kind: "desktop",
        token: "osx",
        text: `OS X 10.${Math.max(4, Math.min(12, year - 2004))}.${rng.int(7)} [x86 8]`,
        userAgent: rng.chance(0.5) ? "unknown" : null,
      });
    } else {
      const windows = year < 2010
        ? "Windows XP (5.1.2600; x86; SP3; S)"
        : year < 2013
        ? `Windows 7 (6.1.7601; x64; SP1; S)`
        : year < 2015
        ? "Windows 8.1 (6.3.9600; x64)"
        : `Windows 10 (10.0.${rng.pick([10240, 10586, 14393])}; x64)`;
      desktop.push({
        kind: "desktop",
        token: "windows",
        text: windows,
        userAgent: rng.chance(0.5) ? "unknown" : null,
      });
    }
  }
  variants.mobile = mobile;
  // A tablet with the other mobile system, so both `ios` and `android` appear in every era.
  const [androidVersion, api] = ANDROID_VERSIONS[Math.min(2016, Math.max(2009, year))];
  variants.tablet = [
    usesIos
      ? {
        kind: "tablet",
        token: "android",
        text: `Android OS ${androidVersion} API ${api} (samsung, SM-T530)`,
        userAgent: "unknown",
      }
      : {
        kind: "tablet",
        token: "ios",
        text: `iOS ${Math.max(4, year - 2007)}.${rng.int(4)}.${rng.int(3)} (iPad${
          Math.max(1, year - 2010)
        },1)`,
        userAgent: "unknown",
      },
  ];
  variants.desktop = desktop;
  variants.cast = year >= 2014
    ? [
      { kind: "cast", token: "cast", text: "Partner google cast_tv;Chromecast;;", userAgent: "unknown" },
      {
        kind: "cast",
        token: "cast",
        text: "Partner google cast_audio;Chromecast Audio;;",
        userAgent: "unknown",
      },
    ]
    : [{ kind: "cast", token: "cast", text: "Partner sonos_zp;Sonos;ZP90;", userAgent: "unknown" }];
  const chrome = Math.max(1, (year - 2008) * 6 + rng.int(4));
  const webAgent =
    `Mozilla/5.0 (${usesMac ? "Macintosh; Intel Mac OS X 10_11_6" : "Windows NT 10.0; Win64; x64"})` +
    ` AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chrome}.0.${2000 + rng.int(900)}.${rng.int(200)}` +
    ` Safari/537.36`;
  variants.web = [{
    kind: "web",
    token: "web_player",
    text: "WebPlayer (websocket RFC6455)",
    userAgent: encodeURIComponent(webAgent),
  }];
  variants.other = [
    { kind: "other", token: "unknown", text: "Partner bose_soundtouch;Bose;SoundTouch 10;", userAgent: null },
    { kind: "other", token: "unknown", text: "Partner ti jacinto;Jacinto 5 Automotive;;", userAgent: null },
  ];
  return {
    variants,
    mix: [
      ["mobile", 52],
      ["tablet", year >= 2011 ? 4 : 0],
      ["desktop", 26],
      ["cast", 8],
      ["web", 5],
      ["other", 5],
    ],
    // Home broadband moved to IPv6 in the late 2010s, as in Germany and the Netherlands.
    homeIp: year >= 2018 && rng.chance(0.7) ? ipv6(rng) : `203.0.113.${1 + rng.int(254)}`,
  };
}

/** An address other than the home line: IPv6 in about half the new-format rows, else IPv4 in `prefix`. */
export function randomIp(rng: Random, { newFormat, prefix }: { newFormat: boolean; prefix: string }): string {
  return newFormat && rng.chance(0.5) ? ipv6(rng) : `${prefix}.${1 + rng.int(254)}`;
}

/** An address in the IPv6 documentation prefix 2001:db8::/32 (IPv4 ones use the TEST-NET ranges). */
function ipv6(rng: Random): string {
  let out = "2001:db8";
  for (let i = 0; i < 6; i++) out += `:${rng.int(0x10000).toString(16)}`;
  return out;
}
