/** What a tenant reads of its lanes: whether each has ready calls in the fair queue. */
export interface TenantLane {
  /** Index in the fair queue's heap; -1 while the lane has no ready call there. */
  readonly position: number;
}

/**
 * A party whose runs share the executor's slots in proportion to its `weight`: one run by default, or every run that
 * names the same tenant key. Its numbers are kept only while several lanes share the scheduler.
 *
 * It is generic in its lanes (the FairQueue's are Lanes) because a Lane names its tenant: this file need not import
 * lane.ts back.
 */
export class Tenant<OwnLane extends TenantLane = TenantLane> {
  /** The key runs name it by; undefined for a run's own tenant. */
  readonly key: string | undefined;
  weight: number;
  /** Slots its calls hold now. */
  running = 0;
  /**
   * Slot-time used, in milliseconds ÷ weight, up to `stamp`; it grows by `running / weight` per millisecond. Between
   * tenants holding equal shares of slots it says whose turn it is, so that tenants whose calls end as fast as they
   * start still share time by weight (as a fair scheduler's virtual runtime does).
   */
  usage = 0;
  stamp = 0;
  /** Its open lanes: one per run. */
  readonly lanes: OwnLane[] = [];

  constructor(key: string | undefined, weight: number) {
    this.key = key;
    this.weight = weight;
  }

  /** The share of slots it holds, relative to its weight. */
  get share(): number {
    return this.running / this.weight;
  }

  /**
   * `usage` brought forward to any moment, less `share` times that moment: constant while the share is. Two tenants of
   * equal share compare by it as they would by their usage now, without reading the clock.
   */
  get anchor(): number {
    return this.usage - this.share * this.stamp;
  }

  /** Brings `usage` up to `now`, before the share changes. */
  accrue(now: number): void {
    this.usage += this.share * (now - this.stamp);
    this.stamp = now;
  }

  /** Whether one of its lanes has ready calls, and so waits in the fair queue. */
  get isBacklogged(): boolean {
    for (const lane of this.lanes) if (lane.position >= 0) return true;
    return false;
  }
}
