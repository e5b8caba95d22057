/** Pure helpers of the earthquake estimate screen: degree colours and the population cell. */
import { DEMO_POPULATION_SOURCE, type EarthquakeTownshipView } from '@ningan/domain';

/** Colour of an intensity degree on the map and in the table (VI yellow → IX and above dark red). */
export function degreeColor(degree: number): string {
  if (degree >= 9) return '#a8071a';
  if (degree === 8) return '#f5222d';
  if (degree === 7) return '#fa8c16';
  if (degree === 6) return '#fadb14';
  return '#8c8c8c';
}

export type PopulationCell =
  | { kind: 'missing' }
  | { kind: 'value'; population: number; demo: boolean; source: string | null; year: number | null };

export function populationCell(
  t: Pick<EarthquakeTownshipView, 'population' | 'populationSource' | 'populationYear'>,
): PopulationCell {
  if (t.population === null) return { kind: 'missing' };
  return {
    kind: 'value',
    population: t.population,
    demo: t.populationSource === DEMO_POPULATION_SOURCE,
    source: t.populationSource,
    year: t.populationYear,
  };
}
