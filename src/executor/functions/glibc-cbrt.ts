/**
 * cbrt() as glibc computes it (sysdeps/ieee754/dbl-64/s_cbrt.c): a polynomial estimate refined
 * once, which PostgreSQL's cbrt and ||/ return — and which is not always the correctly rounded
 * cube root JavaScript's Math.cbrt gives (glibc: cbrt(27) = 3.0000000000000004).
 */
const CBRT2 = 1.2599210498948731648;
const SQR_CBRT2 = 1.5874010519681994748;
const FACTOR = [1.0 / SQR_CBRT2, 1.0 / CBRT2, 1.0, CBRT2, SQR_CBRT2];

/** frexp: x = m · 2^e with 0.5 ≤ |m| < 1. */
function frexp(x: number): [number, number] {
  let e = Math.max(-1073, Math.floor(Math.log2(x)) + 1);
  let m = e < -1000 ? x * 2 ** 600 * 2 ** (-e - 600) : x * 2 ** -e;
  while (m < 0.5) { m *= 2; e--; }
  while (m >= 1) { m /= 2; e++; }
  return [m, e];
}

export function glibcCbrt(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x + x;
  const [xm, xe] = frexp(Math.abs(x));
  const u = (0.354895765043919860
    + ((1.50819193781584896
      + ((-2.11499494167371287
        + ((2.44693122563534430
          + ((-1.83469277483613086
            + (0.784932344976639262 - 0.145263899385486377 * xm) * xm)
            * xm))
          * xm))
        * xm))
      * xm));
  const t2 = u * u * u;
  const ym = u * (t2 + 2.0 * xm) / (2.0 * t2 + xm) * FACTOR[2 + (xe % 3)]!;
  const r = ym * 2 ** Math.trunc(xe / 3);
  return x < 0 ? -r : r;
}
