/** The best hits of a search, kept in a bounded heap so that a page of results needs no sort of every match. */

export interface SearchHit {
  id: number;
  score: number;
}

/** The best `size` of (score, time, id), for a page of results without sorting every match. */
export class TopHits {
  private readonly hits: Array<{ id: number; score: number; time: number }> = [];
  constructor(private readonly size: number) {}

  private static better(a: { id: number; score: number; time: number }, b: { id: number; score: number; time: number }): boolean {
    return a.score > b.score || (a.score === b.score && (a.time > b.time || (a.time === b.time && a.id > b.id)));
  }

  offer(id: number, score: number, time: number): void {
    const hits = this.hits;
    if (hits.length === this.size) {
      // A min-heap: hits[0] is the worst kept.
      const worst = hits[0]!;
      if (score < worst.score || (score === worst.score && (time < worst.time || (time === worst.time && id <= worst.id)))) return;
      worst.id = id;
      worst.score = score;
      worst.time = time;
      this.siftDown(0);
      return;
    }
    hits.push({ id, score, time });
    let i = hits.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!TopHits.better(hits[parent]!, hits[i]!)) break;
      [hits[parent], hits[i]] = [hits[i]!, hits[parent]!];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const hits = this.hits;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < hits.length && TopHits.better(hits[worst]!, hits[l]!)) worst = l;
      if (r < hits.length && TopHits.better(hits[worst]!, hits[r]!)) worst = r;
      if (worst === i) return;
      [hits[worst], hits[i]] = [hits[i]!, hits[worst]!];
      i = worst;
    }
  }

  /** Best first. */
  sorted(): SearchHit[] {
    return [...this.hits].sort((a, b) => (TopHits.better(a, b) ? -1 : TopHits.better(b, a) ? 1 : 0)).map(({ id, score }) => ({ id, score }));
  }
}
