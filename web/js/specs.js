// The exercises as the server describes them (GET /api/exercises, one ExerciseSpec each):
// the dose fields and their bounds, the traits (timed, one-sided, hold-based), the views.
// The page takes them from here and infers none of them.
import { api } from "./api.js";

let specs = {};

export async function loadSpecs() {
  specs = await api("GET", "/api/exercises");
  return specs;
}

// Every exercise's spec, by name, in the registry's order.
export function allSpecs() {
  return specs;
}

export function spec(name) {
  return specs[name];
}

// Belly breathing: a time in position and breaths, not reps and sets.
export function timed(name) {
  return Boolean(specs[name]?.traits.timed);
}
