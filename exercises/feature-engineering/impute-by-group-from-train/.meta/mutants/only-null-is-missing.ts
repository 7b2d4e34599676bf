// mistake: checks `horsepower === null` only, so a NaN read from a CSV is neither skipped when fitting nor filled when imputing
// expect: NaN horsepower treated as missing
/** One car as the pipeline reads it. `horsepower` is null (or NaN) when it was never recorded. */
export interface Car {
  name: string;
  origin: string;
  cylinders: number;
  horsepower: number | null;
}

/** A car ready for the model: horsepower always a number, and a flag saying it was filled in. */
export interface ImputedCar {
  name: string;
  origin: string;
  cylinders: number;
  horsepower: number;
  horsepowerWasMissing: boolean;
}

/** Medians learned from the training cars, frozen and shipped with the model. */
export interface HorsepowerImputer {
  /** Key `${origin}|${cylinders}`, e.g. "Japan|4". */
  byOriginAndCylinders: Record<string, number>;
  /** Key `${cylinders}`, e.g. "4". */
  byCylinders: Record<string, number>;
  overall: number;
}

const isMissing = (value: number | null): value is null => value === null;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Groups the observed values by key, then takes each group's median. Groups with no observed value get no key. */
function mediansBy(cars: Car[], key: (car: Car) => string): Record<string, number> {
  const groups = new Map<string, number[]>();
  for (const car of cars) {
    if (isMissing(car.horsepower)) continue;
    const k = key(car);
    const values = groups.get(k) ?? [];
    values.push(car.horsepower);
    groups.set(k, values);
  }
  const medians: Record<string, number> = {};
  for (const [k, values] of groups) medians[k] = median(values);
  return medians;
}

export function fitImputer(train: Car[]): HorsepowerImputer {
  const observed = train.filter((car) => !isMissing(car.horsepower)).map((car) => car.horsepower as number);
  return {
    byOriginAndCylinders: mediansBy(train, (car) => `${car.origin}|${car.cylinders}`),
    byCylinders: mediansBy(train, (car) => String(car.cylinders)),
    overall: observed.length > 0 ? median(observed) : NaN,
  };
}

export function imputeHorsepower(imputer: HorsepowerImputer, cars: Car[]): ImputedCar[] {
  return cars.map((car) => {
    const { name, origin, cylinders } = car;
    if (!isMissing(car.horsepower)) return { name, origin, cylinders, horsepower: car.horsepower, horsepowerWasMissing: false };
    // Most specific group the training cars knew, then the cylinders alone, then every car.
    const fill = imputer.byOriginAndCylinders[`${origin}|${cylinders}`] ?? imputer.byCylinders[String(cylinders)] ?? imputer.overall;
    return { name, origin, cylinders, horsepower: fill, horsepowerWasMissing: true };
  });
}

export function prepareSplits(train: Car[], test: Car[]): { imputer: HorsepowerImputer; train: ImputedCar[]; test: ImputedCar[] } {
  const imputer = fitImputer(train);
  return { imputer, train: imputeHorsepower(imputer, train), test: imputeHorsepower(imputer, test) };
}
