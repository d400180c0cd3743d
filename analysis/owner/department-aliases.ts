/**
 * The words staff use for departments, and the phrases that mark a ticket closed as a
 * redirect ("please submit this to HR", "not an IT issue"). Kept in one module so the
 * owner rule (docs/metrics.md, "Owner") has one list to read and one list to extend.
 *
 * An alias names candidate departments: the first candidate that exists in the district
 * (departments, the group -> department map, or request_type_owners) is the one meant, so
 * 'Facilities' finds 'Facilities & Maintenance' in one district and 'Facilities' in another.
 * Short uppercase aliases ('IT', 'HR') are matched case-sensitively: 'it' is an English word.
 */

export interface DepartmentAlias {
  alias: string;
  /** Department names this alias may mean, most likely first. */
  departments: string[];
  caseSensitive?: boolean;
}

export const DEPARTMENT_ALIASES: readonly DepartmentAlias[] = [
  { alias: 'IT', departments: ['Technology', 'Information Technology', 'IT'], caseSensitive: true },
  { alias: 'tech support', departments: ['Technology', 'Information Technology'] },
  { alias: 'technology', departments: ['Technology', 'Information Technology'] },
  { alias: 'helpdesk', departments: ['Technology', 'Information Technology'] },
  { alias: 'help desk', departments: ['Technology', 'Information Technology'] },
  { alias: 'HR', departments: ['Human Resources', 'HR'], caseSensitive: true },
  { alias: 'human resources', departments: ['Human Resources', 'HR'] },
  { alias: 'personnel', departments: ['Human Resources', 'HR'] },
  { alias: 'payroll', departments: ['Payroll', 'Business Office', 'Finance'] },
  { alias: 'facilities', departments: ['Facilities & Maintenance', 'Facilities', 'Maintenance & Operations', 'Maintenance'] },
  { alias: 'maintenance', departments: ['Facilities & Maintenance', 'Maintenance & Operations', 'Maintenance', 'Facilities'] },
  { alias: 'custodial', departments: ['Facilities & Maintenance', 'Facilities', 'Custodial Services'] },
  { alias: 'transportation', departments: ['Transportation'] },
  { alias: 'transport', departments: ['Transportation'] },
  { alias: 'bus garage', departments: ['Transportation'] },
  { alias: 'business office', departments: ['Business Office', 'Finance'] },
  { alias: 'finance', departments: ['Business Office', 'Finance'] },
  { alias: 'accounts payable', departments: ['Business Office', 'Finance'] },
  { alias: 'purchasing', departments: ['Purchasing', 'Business Office'] },
  { alias: 'food services', departments: ['Nutrition Services', 'Food Services'] },
  { alias: 'nutrition', departments: ['Nutrition Services', 'Food Services'] },
  { alias: 'cafeteria', departments: ['Nutrition Services', 'Food Services'] },
  { alias: 'communications', departments: ['Communications'] },
  { alias: 'curriculum', departments: ['Curriculum & Instruction', 'Curriculum'] },
  { alias: 'SpEd', departments: ['Special Education'], caseSensitive: true },
  { alias: 'special ed', departments: ['Special Education'] },
  { alias: 'enrollment', departments: ['Student Services & Enrollment', 'Enrollment', 'Student Services'] },
  { alias: 'registrar', departments: ['Student Services & Enrollment', 'Enrollment', 'Student Services'] },
  { alias: 'student services', departments: ['Student Services & Enrollment', 'Student Services'] },
  { alias: 'assessment', departments: ['Assessment'] },
  { alias: 'testing office', departments: ['Assessment'] },
  { alias: 'security', departments: ['Safety & Security', 'Security'] },
  { alias: 'safety', departments: ['Safety & Security', 'Safety'] },
  { alias: 'athletics', departments: ['Athletics'] },
];

/** Resolution codes that close a ticket as "go elsewhere"; compared trimmed and lower-cased. */
export const REDIRECT_CODES: readonly string[] = [
  'referred',
  'wrong department',
  'wrong team',
  'wrong queue',
  'misrouted',
  'redirected',
  'not our department',
];

/**
 * Resolution-text patterns (RE2, matched case-insensitively) that close a ticket as a
 * redirect whatever its code says. Kept narrow on purpose: "please contact us if this
 * happens again" must not count.
 */
export const REDIRECT_TEXT_PATTERNS: readonly string[] = [
  'please (re-?)?submit (this|it|your request|the request) (to|with|through|via)',
  'not an? [a-z&]+ (issue|problem|request|ticket|matter)',
  'wrong (department|team|queue|group)',
  'needs to go to',
  'should (go|be sent|be submitted|be directed) to',
  'referred (to|elsewhere)',
  'redirect(ed)? to',
  'outside (of )?our (scope|department)',
];

/**
 * Words after which a redirect text names where to go ("contact HR", "submit this to
 * Payroll"): a department named right after one wins over one merely mentioned.
 */
export const DIRECTING_WORDS: readonly string[] = ['contact', 'to', 'email', 'e-mail', 'call', 'reach', 'ask', 'see', 'try'];

/** Resolution codes meaning "answered with information only"; compared trimmed and lower-cased. */
export const INFORMATION_CODES: readonly string[] = [
  'information provided',
  'info provided',
  'answered',
  'question answered',
  'how-to',
  'advice given',
];

/**
 * Subject or description patterns of a ticket that asks rather than reports (RE2, matched
 * case-insensitively on word boundaries).
 */
export const QUESTION_PATTERNS: readonly string[] = [
  'how do i',
  'how can i',
  'how to',
  'where is',
  'where do',
  'where can i',
  'who do i (contact|call|ask|email)',
  'who should i (contact|call|ask|email)',
  'what is the (process|procedure|policy|deadline)',
  'is there a (form|way|process|link)',
  'can i',
  'question:',
];

/** One RE2 alternation of the patterns above, case-insensitive. */
export function anyOf(patterns: readonly string[]): string {
  return `(?i)(${patterns.map((p) => `(${p})`).join('|')})`;
}

/** One row per (alias or department name, department) a redirect text may name. */
export function aliasRows(): { term: string; department: string; rank: number; caseSensitive: boolean }[] {
  return DEPARTMENT_ALIASES.flatMap((a) =>
    a.departments.map((department, rank) => ({ term: a.alias, department, rank, caseSensitive: a.caseSensitive ?? false })),
  );
}
