// All time in the hub comes from a Clock, so retention, windows and hours are testable without
// waiting. Tests and `--now` use a fixed or offset clock.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that reads `start` now and then advances with real time (or stays put when frozen). */
export function clockAt(start: Date, opts: { frozen?: boolean } = {}): Clock & { set(d: Date): void } {
  let origin = start.getTime();
  let realOrigin = Date.now();
  return {
    now: () => new Date(opts.frozen ? origin : origin + (Date.now() - realOrigin)),
    set(d: Date) {
      origin = d.getTime();
      realOrigin = Date.now();
    },
  };
}
