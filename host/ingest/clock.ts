// The device's clock as seen from the host. Agent events carry device time; events the host itself
// observes (spawns, crashes, detaches) must go on the same timeline, or ordering across the two is
// wrong by the clock skew between phone and host (or by the virtual time of the emulated device).
// Each agent timestamp received is an observation "device time >= t when the host had clock h";
// the estimate is the latest observation advanced by host time elapsed since, never going back.
export class DeviceClock {
  private offset: number | null = null;
  private floor = -Infinity;

  /**
   * @param exact the device's own clock when the host can read it (the emulated device); then no
   *   estimate is needed.
   */
  constructor(
    private readonly hostNow: () => number = Date.now,
    private readonly exact: (() => number) | null = null,
  ) {}

  /** Records that the device's clock read `deviceT` (no later than now on the host). */
  observe(deviceT: number): void {
    const h = this.hostNow();
    this.offset = deviceT - h;
    if (deviceT > this.floor) this.floor = deviceT;
  }

  /** Best estimate of the device clock now; host time until the device has spoken. */
  now(): number {
    if (this.exact !== null) return this.exact();
    const h = this.hostNow();
    const est = this.offset === null ? h : h + this.offset;
    const t = Math.max(est, this.floor);
    this.floor = t;
    return t;
  }
}
