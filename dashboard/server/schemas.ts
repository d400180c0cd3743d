/**
 * Shared TypeBox schemas: the query filters every figure takes, the error body, and the
 * access level each route declares (enforced by the auth plugin; declared here so every
 * route states who may call it).
 */
import { Type, type Static } from '@sinclair/typebox';
import { WITHHELD } from '#analysis/report/withheld.ts';

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
export const Withheld = Type.Literal(WITHHELD, { description: 'fewer than 5 tickets of another department: withheld' });
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
