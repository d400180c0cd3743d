/**
 * Shared TypeBox schemas: the query filters every figure takes and the error body.
 */
import { Type, type Static } from '@sinclair/typebox';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a calendar day, YYYY-MM-DD, in the district zone' });

export const FiltersQuery = Type.Object(
  {
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    department: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    location: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    requestType: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })),
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export type FiltersQuery = Static<typeof FiltersQuery>;

export const ErrorBody = Type.Object({ error: Type.String(), code: Type.String(), message: Type.String() });
