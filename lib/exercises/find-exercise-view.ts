import { findExercise, getCatalog, toPublicExercise, type PublicExercise } from './catalog';
import { previewDataFile, type DataPreview } from './preview-data-file';

/** Everything the exercise page shows; built from public files only (nothing under `.meta/`). */
export interface ExerciseView {
  exercise: PublicExercise;
  prompt: string;
  starter: string;
  dataPreviews: DataPreview[];
  prerequisites: { slug: string; title: string; url: string }[];
}

/** Drops a first-line `# Title`: the page shows the title from meta.json as its heading. */
export function withoutLeadingTitle(markdown: string): string {
  return markdown.replace(/^\s*#[ \t]+[^\n]*(\n|$)/, '').replace(/^\s*\n/, '');
}

/** The page data of `/exercises/<track>/<slug>`, or undefined when no such exercise exists. */
export function findExerciseView(track: string, slug: string): ExerciseView | undefined {
  const found = findExercise(track, slug);
  if (!found) return undefined;
  const exercise = toPublicExercise(found);
  const catalog = getCatalog().map(toPublicExercise);
  return {
    exercise,
    prompt: withoutLeadingTitle(found.prompt),
    starter: found.starter,
    dataPreviews: found.dataFiles.map(previewDataFile),
    prerequisites: exercise.prerequisites.map((prerequisite) => {
      const target = catalog.find((candidate) => candidate.slug === prerequisite);
      return { slug: prerequisite, title: target?.title ?? prerequisite, url: target?.url ?? '/' };
    }),
  };
}
