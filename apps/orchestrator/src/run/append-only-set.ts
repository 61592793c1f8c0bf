/**
 * An immutable set of strings that only grows, with O(1) `add` along a linear history: each version shares one
 * insertion-ordered Map with the versions before it and sees only the first `size` keys. Adding to the newest
 * version extends the shared Map in place; adding to an older one (a branch) copies its keys first. Folding a run's
 * history therefore costs the same per event at event 5,000 as at event 50, while every state stays a value.
 */
export class AppendOnlySet {
  static readonly EMPTY = new AppendOnlySet(new Map(), 0);

  private constructor(
    private readonly order: Map<string, number>,
    readonly size: number,
  ) {}

  has(key: string): boolean {
    const index = this.order.get(key);
    return index !== undefined && index < this.size;
  }

  add(key: string): AppendOnlySet {
    if (this.has(key)) return this;
    // A first key starts a Map of its own: the shared empty set never holds (or keeps alive) anyone's keys.
    if (this.size === 0) return new AppendOnlySet(new Map([[key, 0]]), 1);
    // The same key added again from the same version (a decision's events evolved twice) shares the Map too.
    if (this.order.size === this.size || this.order.get(key) === this.size) {
      if (this.order.size === this.size) this.order.set(key, this.size);
      return new AppendOnlySet(this.order, this.size + 1);
    }
    const copy = new Map<string, number>();
    for (const [existing, index] of this.order) if (index < this.size) copy.set(existing, index);
    copy.set(key, this.size);
    return new AppendOnlySet(copy, this.size + 1);
  }

  values(): string[] {
    return [...this.order.keys()].slice(0, this.size);
  }
}
