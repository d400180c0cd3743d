/**
 * Shared TypeBox schemas: the query filters every figure takes, the error body, the access
 * level each route declares (enforced by the auth plugin; declared here so every route
 * states who may call it), and the rows of the catalogue's figures (summary, department,
 * trend period), generated from analysis/measures so the app's types come from there too.
 */
import { Type, type Static, type TInteger, type TNull, type TNumber, type TSchema, type TUnion } from '@sinclair/typebox';
import { WITHHELD } from '#analysis/report/withheld.ts';
import { measuresAt, type Grain, type MeasureAt } from '#analysis/measures/catalogue.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a calendar day, YYYY-MM-DD, in the district zone' });

export const filterProperties = {
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  department: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  location: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  requestType: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })),
  source: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
};

export const FiltersQuery = Type.Object(filterProperties, { additionalProperties: false });
export type FiltersQuery = Static<typeof FiltersQuery>;

export const ErrorBody = Type.Object({ error: Type.String(), code: Type.String(), message: Type.String() });
export type ErrorBody = Static<typeof ErrorBody>;

/**
 * A count or a figure that a department head may receive as "<5": about fewer than five of
 * another department's tickets (plugins/app/auth/department-guard.ts). Leaders always get
 * the number.
 */
export const Withheld = Type.Literal(WITHHELD, { description: 'withheld from a department head: a figure over fewer than 5 tickets they cannot see, or one withheld with it so that it cannot be worked out' });
export const Count = Type.Union([Type.Integer(), Withheld]);
export const Figure = Type.Union([Type.Number(), Withheld]);
export const NullableFigure = Type.Union([Type.Number(), Type.Null(), Withheld]);

/** Who may call a route: anyone, district leaders, those who upload exports, administrators. */
export type Access = 'public' | 'leader' | 'uploader' | 'admin';

export function badRequest(message: string, code = 'SB_ERR_BAD_REQUEST'): ErrorBody {
  return { error: 'Bad Request', code, message };
}

export function notFound(message: string): ErrorBody {
  return { error: 'Not Found', code: 'SB_ERR_NOT_FOUND', message };
}

type MeasureSchema<M, Guarded extends boolean> = M extends { kind: 'count' }
  ? Guarded extends true ? typeof Count : TInteger
  : M extends { nullable: true }
    ? Guarded extends true ? typeof NullableFigure : TUnion<[TNumber, TNull]>
    : Guarded extends true ? typeof Figure : TNumber;

/** The schema properties of the catalogue's measures at a grain (analysis/measures), typed from the catalogue. */
export type MeasureProperties<G extends Grain, Guarded extends boolean> = { [M in MeasureAt<G> as M['name']]: MeasureSchema<M, Guarded> };

/**
 * The response properties of every measure shown at `grain`, in catalogue order. `guarded`:
 * rows a department head may receive with "<5" (department rows); district totals and
 * periods are always numbers. A figure the catalogue adds is in the response; one it lacks
 * is stripped, so the schema and the query cannot drift apart.
 */
export function measureProperties<G extends Grain, Guarded extends boolean>(grain: G, guarded: Guarded): MeasureProperties<G, Guarded> {
  const properties: Record<string, TSchema> = {};
  for (const m of measuresAt(grain)) {
    const description = m.description;
    if (m.kind === 'count') properties[m.name] = guarded ? Type.Union([Type.Integer(), Withheld], { description }) : Type.Integer({ description });
    else if (m.nullable) properties[m.name] = guarded ? Type.Union([Type.Number(), Type.Null(), Withheld], { description }) : Type.Union([Type.Number(), Type.Null()], { description });
    else properties[m.name] = guarded ? Type.Union([Type.Number(), Withheld], { description }) : Type.Number({ description });
  }
  return properties as MeasureProperties<G, Guarded>;
}

/**
 * The district summary (analysis/routing-summary). A department head gets a count "<5" when
 * the part of it they cannot see is small (docs/security.md).
 */
export const SummaryRow = Type.Object({
  owner_basis: Type.String(),
  ...measureProperties('district', true),
  unmapped_groups: Type.Array(Type.String()),
});
export type SummaryRow = Static<typeof SummaryRow>;

/** One department's row (analysis/departments), as a department head may receive it. */
export const DepartmentRow = Type.Object({ department: Type.String(), ...measureProperties('department', true) });
export type DepartmentRow = Static<typeof DepartmentRow>;

/** One period of a trend (analysis/trends); week and month show the same measures. */
export const TrendPointRow = Type.Object({ period: Type.String(), ...measureProperties('week', true) });
export type TrendPointRow = Static<typeof TrendPointRow>;
