// A fake clock for pacing tests: time only moves when the test says so.
export class FakeClock {
  constructor(public nowUs = 0) {}
  advance(us: number): number {
    this.nowUs += us;
    return this.nowUs;
  }
}
