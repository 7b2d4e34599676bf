// impute.ts — fills missing horsepower before the fuel-economy model sees a car, as it ships today.
// One number for every car, learned from every car we have. Make it learn per group, from the
// training cars only, and fall back sensibly for groups it has never seen.

export interface Car {
  name: string;
  origin: string;
  cylinders: number;
  horsepower: number | null; // null (or NaN) when it was never recorded
}

export interface ImputedCar {
  name: string;
  origin: string;
  cylinders: number;
  horsepower: number;
  horsepowerWasMissing: boolean;
}

export interface HorsepowerImputer {
  byOriginAndCylinders: Record<string, number>; // key `${origin}|${cylinders}`, e.g. "Japan|4"
  byCylinders: Record<string, number>; // key `${cylinders}`, e.g. "4"
  overall: number;
}

export function fitImputer(train: Car[]): HorsepowerImputer {
  // "Mean horsepower of the fleet": one fill value for every car.
  const recorded = train.filter((car) => car.horsepower !== null).map((car) => car.horsepower as number);
  const overall = recorded.reduce((sum, hp) => sum + hp, 0) / recorded.length;
  return { byOriginAndCylinders: {}, byCylinders: {}, overall };
}

export function imputeHorsepower(imputer: HorsepowerImputer, cars: Car[]): ImputedCar[] {
  return cars.map((car) => ({
    name: car.name,
    origin: car.origin,
    cylinders: car.cylinders,
    horsepower: car.horsepower ?? imputer.overall,
    horsepowerWasMissing: false,
  }));
}

export function prepareSplits(train: Car[], test: Car[]): { imputer: HorsepowerImputer; train: ImputedCar[]; test: ImputedCar[] } {
  // Use every car we have, so the fill value is as accurate as possible.
  const imputer = fitImputer([...train, ...test]);
  return { imputer, train: imputeHorsepower(imputer, train), test: imputeHorsepower(imputer, test) };
}
