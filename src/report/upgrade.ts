/** The oldest report.json version `upgradeReport` brings up to date. */
export const OLDEST_READABLE_VERSION = 1;

/**
 * Reports written by an older chatload, brought to the current report.json before they are checked:
 * a baseline or a history kept from last release stays usable. Pure; returns the document as it is
 * when there is nothing to upgrade (any other version is refused by the schema check, by name).
 *
 * - 1 → 2: `timeline[].violations` (exchanges that broke a rule) became `violating`, so that no
 *   field counting exchanges shares its name with the rule violations.
 */
export function upgradeReport(doc: unknown): unknown {
  if (typeof doc !== 'object' || doc === null || (doc as { schemaVersion?: unknown }).schemaVersion !== 1) return doc;
  const old = doc as { timeline?: unknown };
  const timeline = Array.isArray(old.timeline)
    ? old.timeline.map((point: unknown) => {
        if (typeof point !== 'object' || point === null || !('violations' in point) || 'violating' in point) return point;
        const { violations, ...rest } = point as { violations: unknown };
        return { ...rest, violating: violations };
      })
    : old.timeline;
  return { ...old, schemaVersion: 2, timeline };
}
