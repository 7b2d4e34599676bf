/** What the order needs of an exercise: its slug and the slugs it comes after. */
interface Node {
  slug: string;
  prerequisites: readonly string[];
}

/**
 * `exercises` reordered so that each comes after its prerequisites among them (a prerequisite not
 * in the list, from another track or filtered out, is ignored), otherwise keeping the given order:
 * at each step the first exercise whose prerequisites are all placed. On a cycle (which the
 * catalog's loader refuses) the rest keep the given order.
 */
export function orderByPrerequisites<T extends Node>(exercises: readonly T[]): T[] {
  const present = new Set(exercises.map((e) => e.slug));
  const placed = new Set<string>();
  const remaining = [...exercises];
  const ordered: T[] = [];
  while (remaining.length > 0) {
    const ready = remaining.findIndex((e) => e.prerequisites.every((p) => !present.has(p) || placed.has(p)));
    const [next] = remaining.splice(Math.max(0, ready), 1);
    ordered.push(next!);
    placed.add(next!.slug);
  }
  return ordered;
}

/** A chain of prerequisites that leads back to its start (`[a, b, a]`), or undefined when there is none. */
export function findPrerequisiteCycle(exercises: readonly Node[]): string[] | undefined {
  const after = new Map(exercises.map((e) => [e.slug, e.prerequisites]));
  const done = new Set<string>();
  const visit = (slug: string, path: string[]): string[] | undefined => {
    const at = path.indexOf(slug);
    if (at >= 0) return [...path.slice(at), slug];
    if (done.has(slug)) return undefined;
    for (const prerequisite of after.get(slug) ?? []) {
      const cycle = visit(prerequisite, [...path, slug]);
      if (cycle) return cycle;
    }
    done.add(slug);
    return undefined;
  };
  for (const exercise of exercises) {
    const cycle = visit(exercise.slug, []);
    if (cycle) return cycle;
  }
  return undefined;
}
