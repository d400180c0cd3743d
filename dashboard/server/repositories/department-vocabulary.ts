/**
 * Words that name the work of a K-12 district's usual departments, so a group called
 * "Benefits", "Maint" or "HVAC" can be matched to whatever the district calls the department
 * that does that work ("Human Resources", "Facilities & Maintenance"). A group and a
 * department are related when a word of each falls in the same area. The words are
 * lowercase; a word of a name matches one here exactly, or as a prefix of four letters or
 * more ("maint" for "maintenance").
 */
export const WORK_AREAS: Readonly<Record<string, readonly string[]>> = {
  facilities: ['facilities', 'facility', 'maintenance', 'maint', 'custodial', 'custodian', 'custodians', 'hvac', 'grounds', 'plant', 'building', 'buildings', 'electrical', 'plumbing', 'carpentry', 'workorder', 'workorders', 'energy', 'operations'],
  human_resources: ['hr', 'human', 'resources', 'benefits', 'personnel', 'staffing', 'hiring', 'recruitment', 'recruiting', 'employee', 'employees', 'leave', 'credentialing', 'licensure'],
  payroll: ['payroll', 'pay', 'wages', 'salary', 'timesheet', 'timesheets', 'compensation', 'stipends'],
  technology: ['it', 'ict', 'tech', 'technology', 'helpdesk', 'network', 'networking', 'computer', 'computers', 'devices', 'chromebook', 'chromebooks', 'infrastructure', 'edtech', 'systems', 'telecom'],
  transportation: ['transportation', 'transport', 'bus', 'buses', 'busing', 'bussing', 'fleet', 'drivers', 'routing'],
  enrollment: ['enrollment', 'enrolment', 'registration', 'registrar', 'admissions', 'records'],
  nutrition: ['nutrition', 'food', 'cafeteria', 'meals', 'lunch', 'dining'],
  finance: ['finance', 'business', 'accounting', 'accounts', 'purchasing', 'procurement', 'budget', 'payable', 'receivable'],
  special_education: ['sped', 'special', 'iep', 'exceptional', '504'],
  communications: ['communications', 'comms', 'pr', 'media', 'webmaster', 'web'],
  safety: ['safety', 'security', 'police', 'emergency'],
};

const AREA_OF = new Map<string, string>();
for (const [area, words] of Object.entries(WORK_AREAS)) for (const w of words) AREA_OF.set(w, area);
const LONG_WORDS = [...AREA_OF.keys()].filter((w) => w.length >= 4);

/** The work area a word names, if any. */
export function workAreaOf(word: string): string | undefined {
  const exact = AREA_OF.get(word);
  if (exact) return exact;
  if (word.length < 4) return undefined;
  const prefixed = LONG_WORDS.find((w) => w.startsWith(word) || word.startsWith(w));
  return prefixed ? AREA_OF.get(prefixed) : undefined;
}
