// Response shapes of the API as the pages use them (the server's TypeBox schemas are the source).
export interface FirstLandingResponse {
  summary: { tickets: number; resolvedElsewhere: number; resolvedElsewhereShare: number };
  byDepartment: { department: string; ticketsLanded: number; resolvedElsewhere: number; resolvedElsewhereShare: number }[];
}
