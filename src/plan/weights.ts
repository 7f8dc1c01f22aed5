// Deterministic weighted endpoint selection: smooth weighted round-robin (as nginx's upstreams),
// so that every window of sum(weights) picks matches the weights exactly and picks interleave.

export class WeightedPicker {
  private readonly current: Float64Array;
  private readonly total: number;

  constructor(private readonly weights: readonly number[]) {
    this.current = new Float64Array(weights.length);
    this.total = weights.reduce((a, b) => a + b, 0);
  }

  next(): number {
    const n = this.weights.length;
    if (n === 1) return 0;
    let best = 0;
    for (let i = 0; i < n; i++) {
      this.current[i] += this.weights[i];
      if (this.current[i] > this.current[best]) best = i;
    }
    this.current[best] -= this.total;
    return best;
  }
}
